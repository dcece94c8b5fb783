// The scheduler as teams run it, in child processes, for what the second
// round of probing found: two schedulers on one embedded store run each
// scheduled time once; run times in the future (a clock that ran ahead) are
// not trusted; a stop lands between two rules; `schedule --once scan` runs
// the tickets the long-running scheduler would; an unsigned webhook is said,
// and a named secret that is unset is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, cliAsync } from './helpers/cli.js';
import { startCli, type RunningCli } from './helpers/cli-process.js';
import { scheduleSetUp, type RunJson, DEMO_ESTATE, webhookReceiver } from './helpers/scheduler.js';
import { openStore } from '../src/graph/open-store.js';
import { finishRun, startRun } from '../src/schedule/run-records.js';
import { signature } from '../src/tickets/sinks/webhook.js';

function setUp(yaml: string) {
  const s = scheduleSetUp(yaml, 'driftgraph-schedule-ops-');
  return s;
}

function runs(args: string[], dir: string): { list: RunJson[]; stderr: string } {
  const r = cli([...args, 'runs', '--format', 'json', '--limit', '100'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return { list: JSON.parse(r.stdout) as RunJson[], stderr: r.stderr };
}

async function stop(p: RunningCli): Promise<void> {
  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0, p.stderr());
}

describe('the scheduler, second round', () => {
  test('two schedulers on one embedded store: each scheduled time runs once; the second says who ran it', async () => {
    const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "*/3 * * * * *", from: ${DEMO_ESTATE}, sources: [hr]}\n  report: {enabled: false}\n`);
    const a = startCli([...args, 'schedule'], { cwd: dir });
    const b = startCli([...args, 'schedule'], { cwd: dir });
    const skipped = (l: Record<string, unknown>) => l.outcome === 'skipped';
    const ended = (p: RunningCli) => p.lines.filter((l) => l.msg === 'scan succeeded').length;
    try {
      // Both fire at the same second; whichever takes the store second finds that time done.
      await Promise.race([a.waitForLine('a skipped time', skipped), b.waitForLine('a skipped time', skipped)]);
      await Promise.race([
        a.waitForLine('two scans in all', () => ended(a) + ended(b) >= 2),
        b.waitForLine('two scans in all', () => ended(a) + ended(b) >= 2),
      ]);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
    assert.equal(await a.exited, 0, a.stderr());
    assert.equal(await b.exited, 0, b.stderr());
    const skip = [...a.lines, ...b.lines].find(skipped)!;
    assert.match(String(skip.msg), /^scan for \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z already ran \((succeeded|failed|interrupted), by [^)]+:\d+\): not run again$/);
    const { list } = runs(args, dir);
    const scans = list.filter((r) => r.job === 'scan');
    assert.ok(scans.length >= 2);
    // Every run is for a scheduled time, and no time ran twice.
    for (const r of scans) assert.match(String(r.slot), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.equal(new Set(scans.map((r) => r.slot)).size, scans.length, JSON.stringify(scans.map((r) => r.slot)));
    // What each process logged as started is what the store holds: nothing else ran.
    const started = [...a.lines, ...b.lines].filter((l) => l.msg === 'scan started').map((l) => l.runId).sort();
    assert.deepEqual(started, scans.map((r) => r.id).sort());
  });

  test('after the clock ran five years ahead and came back: catch-up is not suppressed, and runs lists the present first and says why', async () => {
    const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "0 2 * * *", from: ${DEMO_ESTATE}, sources: [hr]}\n  report: {enabled: false}\n`);
    // What a scheduler left while the clock was five years ahead, and one run from before.
    const store = await openStore({ dbPath: join(dir, 'graph.db') });
    const year = 365 * 86_400_000;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    for (const [id, startedAt] of [['ahead-1', at(5 * year)], ['ahead-2', at(5 * year + 86_400_000)], ['yesterday', at(-86_400_000 - 3_600_000)]] as const) {
      await startRun(store, { id, job: 'scan', trigger: 'scheduled', startedAt, holder: 'host:1' });
      await finishRun(store, { id, endedAt: startedAt, outcome: id === 'yesterday' ? 'failed' : 'succeeded', exitCode: id === 'yesterday' ? 1 : 0, errors: [] });
    }
    await store.close();

    const listed = runs(args, dir);
    assert.deepEqual(listed.list.map((r) => r.id), ['yesterday', 'ahead-2', 'ahead-1']);
    assert.match(listed.stderr, /2 run\(s\) started after now by this machine's clock \(latest \d{4}-.*\).*listed after the others/);

    const s = startCli([...args, 'schedule'], { cwd: dir });
    try {
      const warned = await s.waitForLine('the clock warning', (l) => l.futureRuns === 2);
      assert.equal(warned.level, 40);
      assert.match(String(warned.msg), /not counted as successes for catch-up/);
      const decision = await s.waitForLine('the catch-up decision', (l) => l.job === "scan" && /catching up once|nothing to catch up/.test(String(l.msg)));
      assert.match(String(decision.msg), /catching up once/);
      await s.waitForLine('the caught-up scan', (l) => l.trigger === 'catch-up' && /^scan (succeeded|failed)$/.test(String(l.msg)));
    } finally {
      await stop(s);
    }
    const after = runs(args, dir).list;
    assert.equal(after[0]!.trigger, 'catch-up', 'the new run is listed first');
    assert.deepEqual(after.slice(-2).map((r) => r.id), ['ahead-2', 'ahead-1']);
  });

  test('SIGTERM while the rules run: the rule in progress finishes, the next does not start, the run is interrupted', async () => {
    const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "0 2 * * *", from: ${DEMO_ESTATE}}\n`);
    const rule = (l: Record<string, unknown>) => /^rule [\w-]+: \d+ finding\(s\)$/.test(String(l.msg));
    const s = startCli([...args, 'schedule', '--once', 'scan'], { cwd: dir });
    try {
      await s.waitForLine('the first rule', rule);
      s.child.kill('SIGTERM');
      assert.equal(await s.exited, 0, s.stderr());
    } finally {
      s.child.kill('SIGKILL');
    }
    const stopping = s.lines.findIndex((l) => /^stopping: scan finishes its current step/.test(String(l.msg)));
    assert.ok(stopping > 0, 'the stop was logged');
    const total = s.lines.filter(rule).length;
    const afterStop = s.lines.slice(stopping).filter(rule).length;
    const end = s.lines.find((l) => /^scan (succeeded|failed|interrupted)$/.test(String(l.msg)))!;
    // At most the rule that was running when the signal came; then the scan stops.
    assert.ok(afterStop <= 1, `${afterStop} rule(s) ran after the stop`);
    assert.equal(end.msg, 'scan interrupted', `${total} rules ran in all`);
    assert.ok(s.lines.some((l) => /^stopped before rule [\w-]+: the rules after it did not run/.test(String(l.msg))));
    const listed = runs(args, dir).list;
    assert.deepEqual(listed.map((r) => [r.job, r.outcome]), [['scan', 'interrupted']]);
  });

  test('schedule --once scan runs the tickets the scheduler runs after a scan; an unsigned webhook is said at start', async () => {
    const hook = await webhookReceiver();
    try {
      const { dir, args } = setUp(
        `schedule:\n  scan: {from: ${DEMO_ESTATE}}\n` +
          `tickets:\n  webhook: {url: "${hook.url}", format: json}\n  routes:\n    - {sink: webhook, minSeverity: critical}\n`,
      );
      const r = await cliAsync([...args, 'schedule', '--once', 'scan'], { cwd: dir, env: { DRIFTGRAPH_WEBHOOK_SECRET: '' } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const warning = lines.find((l) => l.webhook === 'unsigned')!;
      assert.equal(warning.level, 40);
      assert.match(String(warning.msg), /DRIFTGRAPH_WEBHOOK_SECRET is not set, so webhook requests are sent unsigned/);
      assert.deepEqual(runs(args, dir).list.map((x) => [x.job, x.trigger, x.outcome]), [['tickets', 'after-scan', 'succeeded'], ['scan', 'once', 'succeeded']]);
      const opened = hook.bodies.filter((b) => b.event === 'open');
      assert.ok(opened.length > 0 && opened.every((b) => b.severity === 'critical'));
      assert.ok(hook.raw.every((x) => x.headers['x-driftgraph-signature'] === undefined));

      // With the secret set: no warning, and every request signed.
      const signed = await cliAsync([...args, 'schedule', '--once', 'scan'], { cwd: dir, env: { DRIFTGRAPH_WEBHOOK_SECRET: 'a-test-secret' } });
      assert.equal(signed.code, 0, signed.stderr);
      assert.doesNotMatch(signed.stdout, /unsigned/);
      assert.ok(!signed.stdout.includes('a-test-secret'));
    } finally {
      await hook.close();
    }
  });

  test('a webhook secretEnv that is unset: schedule and tickets refuse before anything runs (exit 2), naming the variable', async () => {
    const hook = await webhookReceiver();
    try {
      const { dir, args } = setUp(
        `schedule:\n  scan: {from: ${DEMO_ESTATE}}\n` +
          `tickets:\n  webhook: {url: "${hook.url}", secretEnv: TEAM_HOOK_SECRET}\n  routes:\n    - {sink: webhook}\n`,
      );
      for (const cmd of [['schedule', '--once', 'scan'], ['schedule'], ['tickets']]) {
        const r = await cliAsync([...args, ...cmd], { cwd: dir, env: { TEAM_HOOK_SECRET: '' } });
        assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /tickets\.webhook\.secretEnv names TEAM_HOOK_SECRET, which is not set/);
      }
      assert.equal(hook.raw.length, 0, 'nothing was sent');
      // Set, the same config runs and signs.
      const ok = await cliAsync([...args, 'schedule', '--once', 'scan'], { cwd: dir, env: { TEAM_HOOK_SECRET: 'team-secret' } });
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.ok(hook.raw.length > 0);
      for (const x of hook.raw) assert.equal(x.headers['x-driftgraph-signature'], signature('team-secret', x.body));
    } finally {
      await hook.close();
    }
  });
});

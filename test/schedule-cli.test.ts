// `driftgraph schedule` as a team runs it: a child process with the config of
// the README (a scan every ten seconds against a snapshot folder), stopped
// with SIGTERM; `driftgraph runs` reads what it did.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { startCli } from './helpers/cli-process.js';
import { DEMO_ESTATE } from './helpers/scheduler.js';

function setUp(cron: string) {
  const dir = tempDir('driftgraph-schedule-cli-');
  const estate = join(dir, 'estate');
  cpSync(DEMO_ESTATE, estate, { recursive: true });
  const config = join(dir, 'driftgraph.yaml');
  // The README's example config, as written.
  writeFileSync(
    config,
    `schedule:\n  timezone: UTC\n  scan: {cron: "${cron}", from: ${estate}}\n  report: {cron: "0 7 * * 1"}\n`,
  );
  const args = ['--config', config, '--db', join(dir, 'graph.db')];
  return { dir, estate, args };
}

const isScanEnd = (l: Record<string, unknown>) => l.job === 'scan' && /^scan (succeeded|failed|interrupted)$/.test(String(l.msg));

// The scheduler's own waits dominate these (ten-second cron marks), so they run side by side.
// Every wait is for a line the scheduler prints, never for a time: a busy
// machine makes the tests slower, not red.
describe('driftgraph schedule, as a child process', { concurrency: true }, () => {
  test('every ten seconds: two completed scans within a minute, listed by runs; SIGTERM exits 0; the next start catches up nothing', async () => {
    const { dir, args } = setUp('*/10 * * * * *');
    const scheduler = startCli([...args, 'schedule'], { cwd: dir });
    try {
      await scheduler.waitForLine('the first scan', isScanEnd);
      await scheduler.waitForLine('the second scan', (l) => isScanEnd(l) && scheduler.lines.filter(isScanEnd).length >= 2);
      // Stop right after a scan, well before the next ten-second mark.
      scheduler.child.kill('SIGTERM');
      assert.equal(await scheduler.exited, 0, scheduler.stderr());
    } finally {
      scheduler.child.kill('SIGKILL');
    }
    const ends = scheduler.lines.filter(isScanEnd);
    assert.ok(ends.length >= 2);
    // A busy machine may reach the next mark before the SIGTERM lands: that
    // scan is interrupted (or, slower still, done), which is right; the two
    // waited for succeeded.
    assert.deepEqual(ends.slice(0, 2).map((l) => l.msg), ['scan succeeded', 'scan succeeded']);
    for (const l of ends.slice(2)) assert.match(String(l.msg), /^scan (interrupted|succeeded)$/);
    const succeeded = ends.filter((l) => l.msg === 'scan succeeded');
    for (const l of succeeded) {
      assert.equal(l.level, 30);
      assert.equal(typeof l.runId, 'string');
      assert.equal(typeof l.durationMs, 'number');
    }
    assert.ok(scheduler.lines.some((l) => l.msg === 'scheduler stopped'));

    // Restarted at once: the last scan is after the latest ten-second mark, nothing to catch up.
    // (Only a machine so slow that the restart took past the next mark would
    // rightly catch that mark up; the test then checks that instead.)
    const lastStart = Date.parse(String(scheduler.lines.filter((l) => l.msg === 'scan started').at(-1)!.time));
    let markPassed = false;
    const again = startCli([...args, 'schedule'], { cwd: dir });
    try {
      const decision = await again.waitForLine('the catch-up decision', (l) => l.job === 'scan' && /catch/.test(String(l.msg)));
      markPassed = Math.floor(Date.parse(String(decision.time)) / 10_000) > Math.floor(lastStart / 10_000);
      assert.match(String(decision.msg), markPassed ? /catching up once/ : /nothing to catch up/);
      await again.waitForLine('the cron tasks', (l) => l.msg === 'report scheduled');
      again.child.kill('SIGTERM');
      assert.equal(await again.exited, 0, again.stderr());
    } finally {
      again.child.kill('SIGKILL');
    }
    if (!markPassed) assert.ok(!again.lines.some((l) => l.trigger === 'catch-up'));

    const runs = cli([...args, 'runs', '--format', 'json', '--job', 'scan'], { cwd: dir });
    assert.equal(runs.code, 0, runs.stderr);
    const listed = JSON.parse(runs.stdout) as { id: string; trigger: string; outcome: string; exitCode: number; details: { findings: { new: number; stillOpen: number } } }[];
    // On a slow machine the restarted scheduler may reach a ten-second mark before its SIGTERM: that scan is scheduled, not caught up.
    const laterEnds = again.lines.filter(isScanEnd);
    assert.deepEqual(listed.map((r) => r.id).sort(), [...ends, ...laterEnds].map((l) => l.runId).sort());
    for (const r of listed.filter((x) => succeeded.some((l) => l.runId === x.id))) {
      assert.equal(r.outcome, 'succeeded');
      assert.equal(r.exitCode, 0);
      assert.ok(r.details.findings.new + r.details.findings.stillOpen > 0);
      assert.equal(r.details.findings.new + r.details.findings.stillOpen, listed.at(-1)!.details.findings.new);
    }
    if (!markPassed) for (const r of listed) assert.equal(r.trigger, 'scheduled');
  });

  test('SIGTERM during a scan: the current step finishes, no finding changes, the Run is interrupted, exit 0', async () => {
    const { dir, estate, args } = setUp('*/2 * * * * *');
    // A first scan as of 2026-11-20 puts the demo's findings in the store.
    const first = cli([...args, '-q', 'scan', '--from', estate, '--json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const firstFindings = (JSON.parse(first.stdout) as { findings: { new: number } }).findings.new;
    assert.ok(firstFindings > 0);
    // The next snapshot is a day later and large enough that loading it takes a while.
    writeFileSync(join(estate, 'manifest.json'), JSON.stringify({ collectedAt: '2026-11-21T02:00:00Z' }));
    let rows = '';
    for (let i = 0; i < 20_000; i++) rows += `X${i},x${i}@filler.example,Filler ${i},filler,Engineer,,GB,employee,active,2020-01-01,,CC-1\n`;
    appendFileSync(join(estate, 'hr', 'people.csv'), rows);

    const scheduler = startCli([...args, 'schedule'], { cwd: dir });
    try {
      // As soon as the scan starts reading: the load alone takes seconds, so the signal lands inside the scan.
      await scheduler.waitForLine('the HR read', (l) => /^hr: reading/.test(String(l.msg)));
      scheduler.child.kill('SIGTERM');
      assert.equal(await scheduler.exited, 0, scheduler.stderr());
    } finally {
      scheduler.child.kill('SIGKILL');
    }
    const end = scheduler.lines.find(isScanEnd);
    assert.equal(end?.msg, 'scan interrupted');

    const runs = JSON.parse(cli([...args, 'runs', '--format', 'json'], { cwd: dir }).stdout) as { job: string; outcome: string; errors: string[] }[];
    assert.deepEqual(runs.map((r) => [r.job, r.outcome]), [['scan', 'interrupted']]);
    // All or nothing: every finding is as the first scan left it.
    const findings = JSON.parse(cli([...args, 'findings', '--status', 'all', '--format', 'json'], { cwd: dir }).stdout) as { lastSeen: string }[];
    assert.equal(findings.length, firstFindings);
    assert.deepEqual([...new Set(findings.map((f) => f.lastSeen))], ['2026-11-20T02:00:00.000Z']);
    const scans = cli([...args, 'query', "MATCH (s:Scan) RETURN s.now AS now, coalesce(s.status, 'complete') AS status ORDER BY now", '--format', 'json'], { cwd: dir });
    assert.equal(scans.code, 0, scans.stderr);
    // The stopped scan stays visible as incomplete; the only complete scan is the earlier one.
    assert.deepEqual(JSON.parse(scans.stdout), [{ now: '2026-11-20T02:00:00.000Z', status: 'complete' }, { now: '2026-11-21T02:00:00.000Z', status: 'running' }]);
  });

  test('--once runs one job now and exits with its exit code (tickets with no sinks configured: 2)', () => {
    const { dir, args } = setUp('0 2 * * *');
    const tickets = cli([...args, 'schedule', '--once', 'tickets'], { cwd: dir });
    assert.equal(tickets.code, 2);
    const line = JSON.parse(tickets.stdout.trim().split('\n').at(-1)!);
    assert.equal(line.level, 50);
    assert.match(String(line.errors), /no `tickets` section in the config/);
    const scan = cli([...args, 'schedule', '--once', 'scan'], { cwd: dir });
    assert.equal(scan.code, 0, scan.stderr);
    const runs = JSON.parse(cli([...args, 'runs', '--format', 'json'], { cwd: dir }).stdout) as { job: string; trigger: string; outcome: string }[];
    assert.deepEqual(runs.map((r) => [r.job, r.trigger, r.outcome]), [['scan', 'once', 'succeeded'], ['tickets', 'once', 'failed']]);
  });
});

// The scheduler in this process, on a real embedded store, with real
// seconds-level cron times: jobs run one at a time and in order, every run is
// a Run node, catch-up happens at start only when a scheduled time was
// missed, and a run a crash left `running` is recorded failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scheduler } from '../src/schedule/scheduler.js';
import { CRASHED, listRuns, startRun } from '../src/schedule/run-records.js';
import { harness, waitFor, webhookReceiver } from './helpers/scheduler.js';

test('a scan runs on its cron time and records a Run; tickets follow it; a report due at the same second waits its turn', async () => {
  const hook = await webhookReceiver();
  const h = harness(
    { timezone: 'UTC', scan: { cron: '*/2 * * * * *' }, report: { cron: '*/2 * * * * *', out: 'reports' } },
    { tickets: { webhook: { url: hook.url, format: 'json' }, routes: [{ sink: 'webhook', minSeverity: 'critical' }] } },
  );
  // The demo's data is dated by its manifest; the weekly report covers the
  // last seven days by the wall clock. Date the copy an hour ago so the report
  // has a scan in its period on any day this test runs.
  writeFileSync(join(h.estate, 'manifest.json'), JSON.stringify({ collectedAt: new Date(Date.now() - 3_600_000).toISOString(), collector: 'driftgraph 0.1.0' }));
  const scheduler = new Scheduler(h.deps);
  await scheduler.start();
  try {
    // Scan and report fall due at the same second: whichever the scheduler
    // takes first, wait for a report that ran after a scan had finished.
    const reportAfterScan = () => scheduler.runs.some((r, i) => r.job === 'report' && scheduler.runs.slice(0, i).some((x) => x.job === 'scan' && x.outcome === 'succeeded'));
    await waitFor('scan, tickets and a report after the scan', () => ['scan', 'tickets'].every((j) => scheduler.runs.some((r) => r.job === j)) && reportAfterScan());
  } finally {
    await scheduler.stop('test');
    await hook.close();
  }
  const store = await h.open();
  const runs = (await listRuns(store, 100)).reverse();
  const count = async (cypher: string) => Number((await store.read(cypher))[0]!.n);
  const findings = await count('MATCH (f:Finding) RETURN count(f) AS n');
  const critical = await count("MATCH (f:Finding {severity: 'critical'}) RETURN count(f) AS n");
  await store.close();
  assert.ok(critical > 0 && findings > critical);
  // One at a time: each run ended before the next one started.
  for (let i = 1; i < runs.length; i++) {
    assert.ok(runs[i - 1]!.endedAt! <= runs[i]!.startedAt, `${runs[i - 1]!.job} overlapped ${runs[i]!.job}`);
  }
  // Tickets come right after each scan that finished.
  runs.forEach((r, i) => {
    if (r.job === 'scan' && r.outcome !== 'interrupted' && i + 1 < runs.length) assert.equal(runs[i + 1]!.job, 'tickets');
  });
  const scan = runs.find((r) => r.job === 'scan')!;
  assert.equal(scan.outcome, 'succeeded');
  assert.equal(scan.exitCode, 0);
  assert.equal(scan.trigger, 'scheduled');
  const details = JSON.parse(scan.detailsJson!);
  assert.equal(details.findings.new + details.findings.stillOpen, findings);
  // Every source folder of the demo estate loaded.
  // (expected/ beside them is the demo's oracle, not a source.)
  const folders = readdirSync(h.estate, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'expected').map((d) => d.name);
  assert.deepEqual(
    details.sources.filter((s: { status: string }) => s.status === 'loaded').map((s: { source: string }) => s.source).sort(),
    folders.sort(),
  );
  // The tickets job after the first scan opened one ticket per critical finding (the route), through the webhook.
  const tickets = runs.find((r) => r.job === 'tickets')!;
  assert.equal(tickets.outcome, 'succeeded');
  assert.equal(tickets.trigger, 'after-scan');
  assert.equal(JSON.parse(tickets.detailsJson!).sinks[0].done.open, critical);
  assert.deepEqual(hook.bodies.filter((b) => b.event === 'open').map((b) => b.severity), Array(critical).fill('critical'));
  // The report that followed a finished scan (one due at the same second may have gone first, with no scan yet to report on).
  const report = runs.find((r, i) => r.job === 'report' && runs.slice(0, i).some((x) => x.job === 'scan' && x.outcome === 'succeeded'))!;
  assert.equal(report.outcome, 'succeeded');
  assert.ok(readdirSync(join(h.dir, 'reports')).some((f) => f.startsWith('drift-report-')));
  // The job that was due while another ran said it was waiting.
  assert.ok(h.lines.some((l) => /waits: \w+ is running/.test(String(l.msg))), 'a "waits" line');
  // The log line of a finished scan carries what a person needs.
  const done = h.lines.find((l) => l.runId === scan.id && l.msg === 'scan succeeded')!;
  assert.equal(typeof done.durationMs, 'number');
  assert.ok(Array.isArray(done.sources) && typeof done.findings === 'object');
  // The first scan of the demo: every finding is new, and each transition is in the line.
  const transitions = done.transitions as { kind: string; findingId: string }[];
  assert.equal(transitions.length, findings);
  assert.ok(transitions.every((t) => t.kind === 'new' && t.findingId.startsWith('f_')));
});

test('catch-up at start: the last successful scan is older than the latest 02:00, so one scan runs now', async () => {
  const h = harness({ timezone: 'UTC', scan: { cron: '0 2 * * *' }, report: { enabled: false }, tickets: { enabled: false } });
  const store = await h.open();
  const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
  await startRun(store, { id: 'old-scan', job: 'scan', trigger: 'scheduled', startedAt: old, holder: 'test' });
  await store.write(`MATCH (r:Run {id: 'old-scan'}) SET r.outcome = 'succeeded', r.exitCode = 0, r.endedAt = $old`, { old });
  await store.close();
  const scheduler = new Scheduler(h.deps);
  await scheduler.start();
  await scheduler.idle();
  await scheduler.stop('test');
  assert.deepEqual(scheduler.runs.map((r) => [r.job, r.outcome]), [['scan', 'succeeded']]);
  const check = await h.open();
  const runs = await listRuns(check, 10);
  await check.close();
  assert.equal(runs[0]!.trigger, 'catch-up');
  assert.ok(h.lines.some((l) => l.job === 'scan' && /catching up once/.test(String(l.msg))));
});

test('no catch-up when the last successful scan is after the latest scheduled time', async () => {
  const h = harness({ timezone: 'UTC', scan: { cron: '0 2 * * *' }, report: { cron: '0 7 * * 1' } });
  const store = await h.open();
  const recent = new Date(Date.now() - 1000).toISOString();
  for (const job of ['scan', 'report'] as const) {
    await startRun(store, { id: `recent-${job}`, job, trigger: 'scheduled', startedAt: recent, holder: 'test' });
    await store.write(`MATCH (r:Run {id: $id}) SET r.outcome = 'succeeded', r.exitCode = 0, r.endedAt = $recent`, { id: `recent-${job}`, recent });
  }
  await store.close();
  const scheduler = new Scheduler(h.deps);
  await scheduler.start();
  await scheduler.idle();
  await scheduler.stop('test');
  assert.deepEqual(scheduler.runs, []);
  assert.equal(h.lines.filter((l) => /nothing to catch up/.test(String(l.msg))).length, 2);
});

test('a run left running by a process that died is recorded failed at the next start', async () => {
  const h = harness({ timezone: 'UTC', scan: { cron: '0 2 * * *' }, report: { enabled: false } });
  const store = await h.open();
  await startRun(store, { id: 'crashed', job: 'scan', trigger: 'scheduled', startedAt: new Date().toISOString(), holder: 'other:1' });
  await store.close();
  const scheduler = new Scheduler(h.deps);
  await scheduler.start();
  await scheduler.stop('test');
  const check = await h.open();
  const [run] = await listRuns(check, 1);
  await check.close();
  assert.equal(run!.id, 'crashed');
  assert.equal(run!.outcome, 'failed');
  assert.equal(run!.exitCode, 1);
  assert.deepEqual(run!.errors, [CRASHED]);
  assert.ok(run!.endedAt);
  assert.ok(h.lines.some((l) => l.crashedRun === 'crashed' && l.level === 40));
  assert.ok(!existsSync(join(h.dir, 'reports')));
});

// The nightly live scan's housekeeping: sources with no live API are read
// from the exports folder, a stale export fails its source (loudly, and
// nothing of it resolves), and collected snapshots older than keepDays go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../src/config/parse.js';
import { configSections, registry, runReportJob } from '../src/cli/registry.js';
import { openStore } from '../src/graph/open-store.js';
import { schedulerLogger } from '../src/schedule/log.js';
import { schedulePlan } from '../src/schedule/config.js';
import { runJob, type RunnerDeps } from '../src/schedule/run-job.js';
import { listRuns } from '../src/schedule/run-records.js';
import { pruneSnapshots } from '../src/schedule/snapshots.js';
import { tempDir } from './helpers/cli.js';
import { DEMO_ESTATE, webhookReceiver } from './helpers/scheduler.js';
import { signature } from '../src/tickets/sinks/webhook.js';

function liveSetUp(extra: Record<string, unknown> = {}) {
  const dir = tempDir('driftgraph-live-');
  mkdirSync(join(dir, 'exports'));
  for (const source of ['hr', 'catalog']) cpSync(join(DEMO_ESTATE, source), join(dir, 'exports', source), { recursive: true });
  const config = parseConfig({
    schedule: { scan: { sources: ['hr', 'catalog'] } },
    exportsDir: 'exports',
    snapshots: { dir: 'snaps', keepDays: 14 },
    ...extra,
  }, configSections);
  const lines: Record<string, unknown>[] = [];
  const dbPath = join(dir, 'graph.db');
  const open = () => openStore({ dbPath, lockWaitSeconds: 30 });
  const deps: RunnerDeps = {
    registry,
    runReport: runReportJob,
    config,
    configDir: dir,
    plan: schedulePlan(config),
    log: schedulerLogger('json', { write: (l: string) => lines.push(JSON.parse(l)) }),
    openStore: open,
  };
  return { dir, deps, lines, open };
}

test('a live scan reads HR and the catalog from the exports folder into a new snapshot, and deletes snapshots past keepDays', async () => {
  const { dir, deps, open } = liveSetUp();
  mkdirSync(join(dir, 'snaps', '2020-01-01T02-00-00-000Z'), { recursive: true });
  mkdirSync(join(dir, 'snaps', 'kept-by-hand'), { recursive: true });
  const run = await runJob(deps, 'scan', 'once', new AbortController().signal);
  assert.equal(run.outcome, 'succeeded');
  assert.equal(run.exitCode, 0);
  const folders = readdirSync(join(dir, 'snaps')).sort();
  assert.equal(folders.length, 2);
  assert.ok(folders.includes('kept-by-hand'));
  const fresh = folders.find((f) => f !== 'kept-by-hand')!;
  assert.ok(existsSync(join(dir, 'snaps', fresh, 'hr', 'people.csv')));
  assert.ok(existsSync(join(dir, 'snaps', fresh, 'manifest.json')));
  const store = await open();
  const [rec] = await listRuns(store, 1);
  await store.close();
  const details = JSON.parse(rec!.detailsJson!);
  assert.deepEqual(details.snapshotsDeleted, ['2020-01-01T02-00-00-000Z']);
  assert.deepEqual(
    details.sources.filter((s: { status: string }) => s.status === 'loaded').map((s: { source: string }) => s.source),
    ['hr', 'catalog'],
  );
});

test('an HR export older than exportsMaxAgeHours fails HR for the scan, at error level; the catalog still loads; the failure is posted to the webhook', async () => {
  const hook = await webhookReceiver();
  const { dir, deps, lines } = liveSetUp({
    exportsMaxAgeHours: 36,
    tickets: { webhook: { url: hook.url, format: 'json', secretEnv: 'TEST_HOOK_SECRET' }, routes: [] },
  });
  deps.env = { TEST_HOOK_SECRET: 's3cret-value' };
  const old = new Date(Date.now() - 100 * 3_600_000);
  for (const f of readdirSync(join(dir, 'exports', 'hr'))) utimesSync(join(dir, 'exports', 'hr', f), old, old);
  const run = await runJob(deps, 'scan', 'once', new AbortController().signal);
  assert.equal(run.outcome, 'failed');
  assert.equal(run.exitCode, 1);
  const loud = lines.find((l) => l.level === 50 && l.source === 'hr')!;
  assert.match(String(loud.msg), /is 100 hours old \(exportsMaxAgeHours: 36\)/);
  const end = lines.find((l) => l.msg === 'scan failed')!;
  const sources = end.sources as { source: string; status: string }[];
  assert.equal(sources.find((s) => s.source === 'hr')!.status, 'failed');
  assert.equal(sources.find((s) => s.source === 'catalog')!.status, 'loaded');
  await hook.close();
  assert.equal(hook.bodies.length, 1);
  const posted = hook.bodies[0]!;
  assert.equal(posted.event, 'job-failed');
  assert.equal(posted.job, 'scan');
  assert.equal(posted.runId, run.runId);
  assert.equal(posted.exitCode, 1);
  assert.match(String(posted.errors), /hours old \(exportsMaxAgeHours: 36\)/);
  // Signed like the ticket events; the secret itself is nowhere in the body or the log.
  assert.equal(hook.raw[0]!.headers['x-driftgraph-signature'], signature('s3cret-value', hook.raw[0]!.body));
  assert.ok(!hook.raw[0]!.body.includes('s3cret-value'));
  assert.ok(!JSON.stringify(lines).includes('s3cret-value'));
  assert.ok(lines.some((l) => l.alert === 'webhook' && l.level === 30));
});

test('pruneSnapshots keeps what is recent and what it did not name', async () => {
  const root = tempDir();
  const now = new Date('2026-12-01T03:00:00Z');
  for (const f of ['2026-11-16T02-00-00-000Z', '2026-11-18T02-00-00-000Z', 'notes']) mkdirSync(join(root, f));
  assert.deepEqual(await pruneSnapshots(root, 14, now), ['2026-11-16T02-00-00-000Z']);
  assert.deepEqual(readdirSync(root).sort(), ['2026-11-18T02-00-00-000Z', 'notes']);
  assert.deepEqual(await pruneSnapshots(join(root, 'missing'), 14, now), []);
});

test('a webhook that refuses the failure post is logged at error level; the run is still recorded', async () => {
  const hook = await webhookReceiver(500);
  const { dir, deps, lines, open } = liveSetUp({ exportsMaxAgeHours: 36, tickets: { webhook: { url: hook.url, format: 'json' }, routes: [] } });
  deps.webhookHttp = { retries: 0 };
  const old = new Date(Date.now() - 100 * 3_600_000);
  for (const f of readdirSync(join(dir, 'exports', 'hr'))) utimesSync(join(dir, 'exports', 'hr', f), old, old);
  const run = await runJob(deps, 'scan', 'once', new AbortController().signal);
  await hook.close();
  assert.equal(run.outcome, 'failed');
  const refused = lines.find((l) => l.alert === 'webhook')!;
  assert.equal(refused.level, 50);
  assert.match(String(refused.msg), /posting the scan failure to the tickets webhook failed: .*500/);
  const store = await open();
  const [rec] = await listRuns(store, 1);
  await store.close();
  assert.equal(rec!.id, run.runId);
  assert.equal(rec!.outcome, 'failed');
});

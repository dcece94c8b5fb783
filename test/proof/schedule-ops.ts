// Scheduler proof (issue 28 classes 6 and 7): `npm run proof:schedule [-- --rounds N --trials N --seed S]`.
// The scheduler as teams run it (the compiled command line, child processes):
// - two schedulers on one embedded store, a scan due every 2 seconds, N
//   rounds: no scheduled time runs twice, and every run is for one;
// - SIGTERM while the rules run, at a random rule: at most the rule in
//   progress finishes, the run is recorded as interrupted, the exit is 0;
// - a clock that ran years ahead and came back (run records in the future):
//   `runs` lists the present first, and the scheduler still catches up.
// Prints a table; exits 1 when a must-be-0 column is not 0.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliFresh } from '../helpers/cli.js';
import { startCli, type RunningCli } from '../helpers/cli-process.js';
import { scheduleSetUp, type RunJson, DEMO_ESTATE } from '../helpers/scheduler.js';
import { openStore } from '../../src/graph/open-store.js';
import { finishRun, startRun } from '../../src/schedule/run-records.js';
import { arg, seededRandom } from './proof-args.js';

const ROUNDS = arg('rounds', 3);
const TRIALS = arg('trials', 5);
const random = seededRandom(arg('seed', 20261201));
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const dirs: string[] = [];

function setUp(yaml: string) {
  const s = scheduleSetUp(yaml, 'driftgraph-schedule-proof-');
  dirs.push(s.dir);
  return s;
}

function runs(args: string[], dir: string): RunJson[] {
  const r = cliFresh([...args, 'runs', '--format', 'json', '--limit', '1000'], { cwd: dir });
  if (r.code !== 0) throw new Error(`runs exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunJson[];
}

const succeeded = (p: RunningCli) => p.lines.filter((l) => l.msg === 'scan succeeded').length;

// ---- class 6: two schedulers, one store ----
const lease = { rounds: 0, times: 0, scans: 0, twice: 0, noSlot: 0, unrecorded: 0, skipped: 0, badExit: 0 };
for (let round = 0; round < ROUNDS; round++) {
  const want = int(3, 6);
  const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "*/2 * * * * *", from: ${DEMO_ESTATE}, sources: [hr]}\n  report: {enabled: false}\n`);
  const a = startCli([...args, 'schedule'], { cwd: dir });
  const b = startCli([...args, 'schedule'], { cwd: dir });
  try {
    const enough = () => succeeded(a) + succeeded(b) >= want;
    await Promise.race([a.waitForLine(`${want} scans`, enough), b.waitForLine(`${want} scans`, enough)]);
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
  }
  for (const p of [a, b]) if ((await p.exited) !== 0) lease.badExit++;
  const scans = runs(args, dir).filter((r) => r.job === 'scan');
  const slots = scans.map((r) => r.slot).filter((s): s is string => s !== null);
  const started = [...a.lines, ...b.lines].filter((l) => l.msg === 'scan started').map((l) => String(l.runId));
  lease.rounds++;
  lease.scans += scans.length;
  lease.times += new Set(slots).size;
  lease.twice += slots.length - new Set(slots).size;
  lease.noSlot += scans.length - slots.length;
  lease.unrecorded += started.filter((id) => !scans.some((r) => r.id === id)).length + scans.filter((r) => !started.includes(r.id)).length;
  lease.skipped += [...a.lines, ...b.lines].filter((l) => l.outcome === 'skipped').length;
  process.stderr.write(`  two schedulers, round ${round + 1}/${ROUNDS}: ${scans.length} scans for ${new Set(slots).size} scheduled times\n`);
}

// ---- class 7: a stop while the rules run ----
const stops = { trials: 0, rulesAfter: 0, notInterrupted: 0, badExit: 0, maxMs: 0, notRecorded: 0 };
const rule = (l: Record<string, unknown>) => /^rule [\w-]+: \d+ finding\(s\)$/.test(String(l.msg));
for (let t = 0; t < TRIALS; t++) {
  const at = int(1, 10);
  const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "0 2 * * *", from: ${DEMO_ESTATE}}\n`);
  const s = startCli([...args, 'schedule', '--once', 'scan'], { cwd: dir });
  let sentAt = 0;
  try {
    await s.waitForLine(`rule ${at}`, () => s.lines.filter(rule).length >= at);
    sentAt = Date.now();
    s.child.kill('SIGTERM');
    if ((await s.exited) !== 0) stops.badExit++;
  } finally {
    s.child.kill('SIGKILL');
  }
  stops.maxMs = Math.max(stops.maxMs, Date.now() - sentAt);
  const stopping = s.lines.findIndex((l) => /^stopping: /.test(String(l.msg)));
  const after = stopping < 0 ? s.lines.filter(rule).length : s.lines.slice(stopping).filter(rule).length;
  const end = s.lines.find((l) => /^scan (succeeded|failed|interrupted)$/.test(String(l.msg)));
  stops.trials++;
  if (after > 1) stops.rulesAfter++;
  if (end?.msg !== 'scan interrupted') stops.notInterrupted++;
  const listed = runs(args, dir);
  if (listed.length !== 1 || listed[0]!.outcome !== 'interrupted') stops.notRecorded++;
  process.stderr.write(`  stop at rule ${at}: ${after} rule(s) after the stop, ${String(end?.msg)}\n`);
}

// ---- class 7: run records in the future ----
const clock = { trials: 0, futureFirst: 0, suppressed: 0, noWarning: 0 };
const YEAR = 365 * 86_400_000;
for (let t = 0; t < TRIALS; t++) {
  const { dir, args } = setUp(`schedule:\n  timezone: UTC\n  scan: {cron: "0 2 * * *", from: ${DEMO_ESTATE}, sources: [hr]}\n  report: {enabled: false}\n`);
  const store = await openStore({ dbPath: join(dir, 'graph.db') });
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const ahead = int(1, 10);
  const future = int(1, 4);
  const records: [string, string, boolean][] = [['yesterday', at(-86_400_000 - 3_600_000), false]];
  for (let i = 0; i < future; i++) records.push([`ahead-${i}`, at(ahead * YEAR + i * 86_400_000 + int(0, 86_399) * 1000), true]);
  for (const [id, startedAt, ok] of records) {
    await startRun(store, { id, job: 'scan', trigger: 'scheduled', startedAt, holder: 'host:1' });
    await finishRun(store, { id, endedAt: startedAt, outcome: ok ? 'succeeded' : 'failed', exitCode: ok ? 0 : 1, errors: [] });
  }
  await store.close();
  if (runs(args, dir)[0]?.id !== 'yesterday') clock.futureFirst++;
  const s = startCli([...args, 'schedule'], { cwd: dir });
  let warned = false;
  let caughtUp = false;
  try {
    const decision = await s.waitForLine('the catch-up decision', (l) => l.job === 'scan' && /catching up once|nothing to catch up/.test(String(l.msg)));
    warned = s.lines.some((l) => l.futureRuns === future);
    caughtUp = /catching up once/.test(String(decision.msg));
    if (caughtUp) await s.waitForLine('the caught-up scan', (l) => l.trigger === 'catch-up' && /^scan (succeeded|failed)$/.test(String(l.msg)));
  } finally {
    s.child.kill('SIGTERM');
    await s.exited;
  }
  clock.trials++;
  if (!caughtUp) clock.suppressed++;
  if (!warned) clock.noWarning++;
  const after = runs(args, dir);
  if (after.slice(-future).some((r) => !r.id.startsWith('ahead-'))) clock.futureFirst++;
  process.stderr.write(`  clock ${ahead} year(s) ahead, ${future} future run(s): ${caughtUp ? 'caught up' : 'SUPPRESSED'}\n`);
}
for (const d of dirs) rmSync(d, { recursive: true, force: true });

const rows: [string, number | string, boolean][] = [
  ['two schedulers: rounds', lease.rounds, false],
  ['  scheduled times run', lease.times, false],
  ['  scans run', lease.scans, false],
  ['  times skipped (the other had run them)', lease.skipped, false],
  ['  scheduled times run twice', lease.twice, true],
  ['  scans for no scheduled time', lease.noSlot, true],
  ['  started and recorded runs differing', lease.unrecorded, true],
  ['  schedulers not exiting 0 on SIGTERM', lease.badExit, true],
  ['SIGTERM while the rules run: trials', stops.trials, false],
  ['  more than one rule after the stop', stops.rulesAfter, true],
  ['  not logged as interrupted', stops.notInterrupted, true],
  ['  not recorded as interrupted', stops.notRecorded, true],
  ['  exit not 0', stops.badExit, true],
  ['  slowest stop, ms (info)', stops.maxMs, false],
  ['run records in the future: trials', clock.trials, false],
  ['  catch-up suppressed', clock.suppressed, true],
  ['  a future run listed before the present', clock.futureFirst, true],
  ['  no warning naming the future runs', clock.noWarning, true],
];
console.log(`scheduler: ${ROUNDS} rounds of two schedulers, ${TRIALS} stops, ${TRIALS} clocks, seed ${arg('seed', 20261201)}\n`);
console.log('| measure                                           | count |');
console.log('|---------------------------------------------------|-------|');
for (const [k, v] of rows) console.log(`| ${k.padEnd(49)} | ${String(v).padStart(5)} |`);
process.exit(rows.some(([, v, must0]) => must0 && v !== 0) ? 1 : 0);

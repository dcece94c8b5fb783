// `npm run bench -- report-under-load [--size S|M|L|<people>] [--busy N]`:
// the weekly report and a nightly scan on a busy machine. A generated estate
// is scanned twice on a quiet machine; then N processes (default 2) keep the
// CPU busy while a third scan and the report run, each timed. Neither may
// fail because one of its statements ran long: driftgraph's own queries take
// no analyst time limit, run one at a time and read findings in pages.
//   size L (100,000 people) takes a long time: run it on a machine you can spare.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEstate } from '../helpers/estate.js';
import { scaleEstate } from './scale-estate.js';
import { DEFAULT_COMPACT_ABOVE } from '../../src/scan/compact-after-scan.js';

const SIZES: Record<string, number> = { S: 2_000, M: 10_000, L: 100_000 };
const option = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizeName = option('--size') ?? process.env.BENCH_SIZE ?? 'S';
const people = SIZES[sizeName.toUpperCase()] ?? Number(sizeName);
if (!Number.isInteger(people) || people < 10) throw new Error(`--size S, M, L or a number of people (>= 10), got ${sizeName}`);
const busy = Number(option('--busy') ?? 2);
if (!Number.isInteger(busy) || busy < 0) throw new Error(`--busy: a number of busy processes, got ${option('--busy')}`);

const step = fileURLToPath(new URL('./scale-step.ts', import.meta.url));
const day = (n: number) => new Date(Date.UTC(2026, 10, 10 + n, 2)).toISOString();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function run(args: string[]): Record<string, any> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', step, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) return { failed: true, error: r.stderr.trim().split('\n').slice(-3).join(' '), wallMs: NaN };
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** A process that only spins: the concurrent CPU load. */
function spinner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-report-load-'));
const spinners: ChildProcess[] = [];
try {
  console.log(`estate: ${people.toLocaleString('en')} people; ${busy} busy process(es) during the measured scan and report`);
  const snapshots = [0, 1, 2].map((n) => scaleEstate({ people, collectedAt: day(n), changed: n === 2 }));
  const db = join(dir, 'graph.db');
  for (const n of [0, 1]) {
    const r = run(['scan', db, await writeEstate(snapshots[n]!, dir), String(DEFAULT_COMPACT_ABOVE)]);
    if (r.failed) throw new Error(`the quiet scan ${n + 1} failed: ${r.error}`);
    console.log(`quiet scan ${n + 1}: ${secs(r.wallMs)}`);
  }
  const third = await writeEstate(snapshots[2]!, dir);
  for (let i = 0; i < busy; i++) spinners.push(spinner());
  const scan = run(['scan', db, third, String(DEFAULT_COMPACT_ABOVE)]);
  console.log(scan.failed ? `scan under load FAILED: ${scan.error}` : `scan under load: ${secs(scan.wallMs)}`);
  const report = run(['report', db, join(dir, 'report')]);
  console.log(report.failed ? `report under load FAILED: ${report.error}` : `report under load: ${secs(report.wallMs)}, ${report.open} open findings listed`);
  console.log(`report-under-load JSON: ${JSON.stringify({ size: sizeName, people, busy, scan, report })}`);
  process.exitCode = scan.failed || report.failed ? 1 : 0;
} finally {
  for (const s of spinners) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

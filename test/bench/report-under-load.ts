// `npm run bench -- report-under-load [--size S|M|L|<people>] [--busy N]`:
// the weekly report and a nightly scan on a busy machine. A generated estate
// is scanned twice on a quiet machine; then N processes (default 2) keep the
// CPU busy while a third scan and the report run, each timed. Neither may
// fail because one of its statements ran long: driftgraph's own queries take
// no analyst time limit, run one at a time and read findings in pages.
//   size L (100,000 people) takes a long time: run it on a machine you can spare.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { option, runStep, secs, sizeOption, writeSnapshots } from './scale-setup.js';
import { DEFAULT_COMPACT_ABOVE } from '../../src/scan/compact-after-scan.js';

const { sizeName, people } = sizeOption();
const busy = Number(option('--busy') ?? 2);
if (!Number.isInteger(busy) || busy < 0) throw new Error(`--busy: a number of busy processes, got ${option('--busy')}`);

function run(args: string[]): Record<string, any> {
  const r = runStep(args);
  if (r.ok) return r.out;
  // The message, not the stack's tail: which step and which statement failed, and why.
  const lines = r.error.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
  return { failed: true, error: lines.slice(0, 6).join(' '), wallMs: NaN };
}

/** A process that only spins: the concurrent CPU load. */
function spinner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-report-load-'));
const spinners: ChildProcess[] = [];
try {
  console.log(`estate: ${people.toLocaleString('en')} people; ${busy} busy process(es) during the measured scan and report`);
  const snapshots = await writeSnapshots(people, dir);
  const db = join(dir, 'graph.db');
  for (const [n, snapshot] of [snapshots.first, snapshots.unchanged].entries()) {
    const r = run(['scan', db, snapshot, String(DEFAULT_COMPACT_ABOVE)]);
    if (r.failed) throw new Error(`the quiet scan ${n + 1} failed: ${r.error}`);
    console.log(`quiet scan ${n + 1}: ${secs(r.wallMs)}`);
  }
  const third = snapshots.changed;
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

// One fuzzing worker process: a copy of the demo estate of its own, cases in,
// results out, one message before each case so the parent can tell a hang.
// A process, not a worker thread: a read stuck in the kernel (a FIFO opened
// blocking) holds an I/O thread that only ending the process frees.
import { baseline, copyDemo, runCase, type FuzzCase } from './fuzz-core.js';
import { scanBaseline, scanCase } from './fuzz-scan.js';

const dir = process.argv[2]!;
const snapshot = copyDemo(dir);
const base = await baseline(snapshot);
// --scans: every case also runs a whole second scan over a store holding a clean first scan.
const stores = `${dir}.stores`;
const scans = process.argv.includes('--scans') ? await scanBaseline(stores, snapshot) : null;
const scan = scans ? (snap: string) => scanCase(stores, scans, snap) : undefined;
const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
await send({ ready: true });
process.on('message', async (cases: FuzzCase[]) => {
  for (const c of cases) {
    await send({ start: c });
    await send({ result: await runCase(snapshot, base, c, scan, process.argv.includes('--scan-all')) });
  }
  await send({ done: true });
});

// One fuzzing worker: a copy of the demo estate of its own, cases in, results
// out, one message before each case so the parent can tell a hang.
import { parentPort, workerData } from 'node:worker_threads';
import { baseline, copyDemo, runCase, type FuzzCase } from './fuzz-core.js';

const { dir } = workerData as { dir: string };
const snapshot = copyDemo(dir);
const base = await baseline(snapshot);
parentPort!.postMessage({ ready: true });
parentPort!.on('message', async (cases: FuzzCase[]) => {
  for (const c of cases) {
    parentPort!.postMessage({ start: c });
    parentPort!.postMessage({ result: await runCase(snapshot, base, c) });
  }
  parentPort!.postMessage({ done: true });
});

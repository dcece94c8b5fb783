// Runs one scale step (scale-step.ts) as the command line runs the same work:
// `scan` and `report` in a worker thread with the command line's young
// generation (src/cli/run-in-worker.ts), the other steps in this thread.
// The step's peak RSS and CPU time are still the process's own.
import { isMainThread, Worker, workerData } from 'node:worker_threads';

const IN_WORKER = new Set(['scan', 'report']);

if (isMainThread && IN_WORKER.has(process.argv[2])) {
  const { workerResourceLimits } = await import('../../src/cli/run-in-worker.ts');
  const worker = new Worker(new URL(import.meta.url), { workerData: { argv: process.argv.slice(2) }, resourceLimits: workerResourceLimits() });
  worker.on('error', (e) => {
    console.error(e);
    process.exitCode = 1;
  });
  worker.on('exit', (code) => {
    if (code !== 0) process.exitCode = code;
  });
} else if (isMainThread) {
  await import('./scale-step.ts');
} else {
  // A worker does not inherit the TypeScript loader `--import tsx` gave this process.
  const { register } = await import('tsx/esm/api');
  register();
  process.argv.splice(2, process.argv.length - 2, ...workerData.argv);
  await import('./scale-step.ts');
}

// The program of the worker thread that scan, demo, schedule and report run
// in (run-in-worker.ts says why): the same main() on the same arguments, its
// exit code the worker's.
import { workerData } from 'node:worker_threads';
import { takeSignalsFromMainThread } from './run-in-worker.js';

takeSignalsFromMainThread();
const { main } = await import('./main.js');
process.exitCode = await main((workerData as { args: string[] }).args);

// The commands that build or read the whole graph (scan, demo, schedule,
// report) run in a worker thread of this process whose young generation is
// larger than Node.js's default. Why: a scan keeps each container's parsed
// files and records alive while it maps and writes them, so with the default
// 16 MiB semi-spaces most of its short-lived objects are still alive at a
// minor collection and are copied, twice, before they die. At 20,000 people
// a 1 %-changed re-scan spent 6.4 s of 41 s in those collections
// (--trace-gc); with 64 MiB semi-spaces it took 14-17 % less time and less
// peak memory (docs/command-line.md). Node.js takes that size only when an
// isolate is made (a command-line flag, or a worker's resourceLimits), and a
// second process would outlive a `kill -9` of the first: a worker dies with
// its process.
//
// Running in the worker changes nothing else a user sees: the same main(),
// the same output (a worker's stdout and stderr are this process's), the same
// exit code. Signals reach a process's main thread only, so a SIGINT or
// SIGTERM is passed on to the worker while it listens for one (the
// scheduler's clean stop) and otherwise does what it always did.
import { Worker, parentPort } from 'node:worker_threads';
import { terminalSafe } from '../util/escape.js';

/** The young generation (two semi-spaces and a third for large objects) of a command that runs in the worker: 3 × 64 MiB. */
export const YOUNG_GENERATION_MB = 192;

/** The commands that run in the worker: the ones whose heap holds a whole estate or a whole report. */
const IN_WORKER = new Set(['scan', 'demo', 'schedule', 'report']);

/** The signals a command may stop on (src/schedule/signals.ts). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The global options that take a value (main.ts): the word after one is its value, not the command. */
const GLOBAL_WITH_VALUE = new Set(['--db', '--neo4j', '--config', '--rules']);

/**
 * Whether this command line runs in the worker: its command (the first word
 * that is neither an option nor a global option's value) is one of IN_WORKER,
 * and it does not ask for help. Read this way without loading the command
 * line's parser; a command line it reads wrongly only runs on the other side,
 * and behaves the same there.
 */
export function runsInWorker(args: readonly string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return false;
    if (!a.startsWith('-')) return IN_WORKER.has(a);
    if (GLOBAL_WITH_VALUE.has(a)) i++;
  }
  return false;
}

/** The worker's limits: its young generation. Its old generation is this process's (a user's --max-old-space-size holds for it too). */
export function workerResourceLimits(): { maxYoungGenerationSizeMb: number } {
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
}

type WorkerSays = { signal: NodeJS.Signals; listening: boolean };

/** Runs the command line `args` in the worker (worker-main.ts); resolves with its exit code. */
export function runInWorker(args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker-main.js', import.meta.url), { workerData: { args }, resourceLimits: workerResourceLimits() });
    const relays = new Map<NodeJS.Signals, () => void>();
    worker.on('message', (m: WorkerSays) => {
      if (!STOP_SIGNALS.includes(m?.signal)) return;
      const relay = relays.get(m.signal);
      if (m.listening && !relay) {
        const pass = () => worker.postMessage({ signal: m.signal });
        relays.set(m.signal, pass);
        process.on(m.signal, pass);
      } else if (!m.listening && relay) {
        process.off(m.signal, relay);
        relays.delete(m.signal);
      }
    });
    // main() catches what a command throws; this is only what escaped it (a
    // rejection nobody awaited, the worker's heap running out): said as node
    // says an uncaught error, then the worker's exit (1).
    worker.on('error', (e) => {
      const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`driftgraph: ${text.split('\n').map(terminalSafe).join('\n')}\n`);
    });
    worker.on('exit', (code) => {
      for (const [signal, relay] of relays) process.off(signal, relay);
      resolve(code);
    });
  });
}

/**
 * In the worker: tell the main thread when the command starts or stops
 * listening for a stop signal, and emit the signals it passes on. The port is
 * unreferenced, so listening keeps nothing alive.
 */
export function takeSignalsFromMainThread(): void {
  const port = parentPort;
  if (!port) return;
  process.on('newListener', (event: string | symbol) => {
    if (STOP_SIGNALS.includes(event as NodeJS.Signals) && process.listenerCount(event) === 0) port.postMessage({ signal: event, listening: true });
  });
  process.on('removeListener', (event: string | symbol) => {
    if (STOP_SIGNALS.includes(event as NodeJS.Signals) && process.listenerCount(event) === 0) port.postMessage({ signal: event, listening: false });
  });
  port.on('message', (m: { signal?: NodeJS.Signals }) => {
    if (m?.signal && STOP_SIGNALS.includes(m.signal)) process.emit(m.signal, m.signal);
  });
  port.unref();
}

// An analyst's query (`driftgraph query`, the web console) runs under a time
// limit and a row cap. Neo4j stops a transaction itself. The embedded engine
// cannot stop a statement once it runs (its calls take no deadline), so the
// query runs in a child process that opens the file read-only (a shared lock:
// other readers go on, a scan waits at most for the limit) and is ended
// (SIGKILL) when its time is up, when the caller gives up (an AbortSignal:
// the web view shutting down), or when this process goes away.
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphStore, LimitedRows, Params, QueryLimits } from './store.js';
import { DamagedStoreError, QueryTimeoutError, ReadOnlyQueryError, StoreLockedError, StoreMissingError } from './store.js';

/** Where the embedded query runs: the file, and how long to wait for a scan's lock. */
export interface EmbeddedTarget {
  path: string;
  lockWaitSeconds?: number;
  onWait?: (message: string) => void;
}

export interface AnalystQuery {
  cypher: string;
  params: Params;
  limits: QueryLimits;
  /** The setting that gave the time limit, named in the timeout message (e.g. `--timeout`). */
  limitSetting: string;
  signal?: AbortSignal;
}

/** The messages the worker sends back (analyst-query-worker.ts). */
export type WorkerMessage =
  | { type: 'wait'; message: string }
  | { type: 'started' }
  | { type: 'rows'; result: LimitedRows }
  | { type: 'error'; name: string; message: string; gqlStatus?: string; code?: string };

/** What the worker is asked to do. */
export interface WorkerRequest {
  path: string;
  lockWaitSeconds?: number;
  cypher: string;
  params: Params;
  maxRows: number;
}

/** Error kinds that cross the process boundary as themselves (for exit codes and HTTP statuses); others become plain Errors. */
const KNOWN: Record<string, { prototype: Error }> = { ReadOnlyQueryError, StoreLockedError, StoreMissingError, DamagedStoreError };

function rebuildError(m: Extract<WorkerMessage, { type: 'error' }>): Error {
  const known = KNOWN[m.name];
  const e = (known ? Object.create(known.prototype) : new Error()) as Error & { gqlStatus?: string; code?: string };
  e.name = m.name;
  e.message = m.message;
  if (m.gqlStatus) e.gqlStatus = m.gqlStatus;
  if (m.code) e.code = m.code;
  return e;
}

function workerFile(): { file: string; execArgv: string[] } {
  // Next to this file, as .ts when running from source (then with tsx's loader) or .js when built.
  const ext = extname(fileURLToPath(import.meta.url));
  const file = fileURLToPath(new URL(`./analyst-query-worker${ext}`, import.meta.url));
  return { file, execArgv: ext === '.ts' ? ['--import', import.meta.resolve('tsx')] : [] };
}

function startWorker(): ChildProcess {
  const { file, execArgv } = workerFile();
  return fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

let spare: ChildProcess | undefined;

/**
 * Starts the query process before the query is ready (`driftgraph query`
 * starts it, then checks the query): node and the engine load while the
 * parser does, on the other core. It opens nothing until it is given a
 * query; unused, it keeps this process from exiting no longer than it takes
 * to notice its parent is gone.
 */
export function startAnalystQueryProcess(): void {
  if (spare) return;
  spare = startWorker();
  spare.on('error', () => {}); // reported when it is used
  spare.unref();
  (spare.channel as { unref?: () => void } | undefined)?.unref?.();
}

/** Runs the query in a child process on the embedded file; see the top of this file. */
export function runEmbeddedAnalystQuery(target: EmbeddedTarget, q: AnalystQuery): Promise<LimitedRows> {
  const timeoutMs = q.limits.timeoutMs;
  return new Promise<LimitedRows>((resolve, reject) => {
    let settled = false;
    const child: ChildProcess = spare && spare.exitCode === null && spare.signalCode === null && spare.connected ? spare : startWorker();
    spare = undefined;
    child.ref();
    (child.channel as { ref?: () => void } | undefined)?.ref?.();
    const finish = (error: Error | null, result?: LimitedRows) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      q.signal?.removeEventListener('abort', onAbort);
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(result!);
    };
    // The clock starts when the query does: starting node and waiting for a
    // scan's lock (bounded by lockWaitSeconds in the worker) are not its time.
    let timer = setTimeout(
      () => finish(new Error('the query process did not start the query in time')),
      (target.lockWaitSeconds ?? 600) * 1000 + 60_000,
    );
    const onAbort = () => finish(new Error('the query was stopped: driftgraph is shutting down'));
    const onExit = () => child.kill('SIGKILL');
    q.signal?.addEventListener('abort', onAbort, { once: true });
    process.on('exit', onExit);
    if (q.signal?.aborted) return onAbort();
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'wait') target.onWait?.(m.message);
      else if (m.type === 'started') {
        clearTimeout(timer);
        timer = setTimeout(() => finish(new QueryTimeoutError(timeoutMs / 1000, q.limitSetting)), timeoutMs);
      } else if (m.type === 'rows') finish(null, m.result);
      else finish(rebuildError(m));
    });
    child.on('error', (e) => finish(new Error(`could not start the query process: ${e.message}`)));
    child.on('exit', (code, signal) => {
      finish(new Error(`the query process ended before it answered (${signal ?? `exit ${code}`}); the result may have been too large for memory`));
    });
    const request: WorkerRequest = {
      path: target.path,
      ...(target.lockWaitSeconds !== undefined ? { lockWaitSeconds: target.lockWaitSeconds } : {}),
      cypher: q.cypher,
      params: q.params,
      maxRows: q.limits.maxRows,
    };
    child.send({ type: 'run', request }, (e) => {
      if (e) finish(new Error(`could not hand the query to its process: ${e.message}`));
    });
  });
}

/** Runs the query on a server store (Neo4j) that bounds its own time and rows. */
export async function runStoreAnalystQuery(store: GraphStore, q: AnalystQuery): Promise<LimitedRows> {
  if (!store.readLimited) throw new Error(`the store at ${store.location} cannot bound a query's time`);
  try {
    return await store.readLimited(q.cypher, q.params, q.limits);
  } catch (e) {
    if (e instanceof QueryTimeoutError) throw new QueryTimeoutError(q.limits.timeoutMs / 1000, q.limitSetting);
    throw e;
  }
}

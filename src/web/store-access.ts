// The web view reads the graph the way `driftgraph query` does: read-only.
// The embedded store is opened for one request and closed right after, one
// request at a time, so a nightly scan waits at most for one answer; Neo4j
// (a server, no file lock) keeps one connection for the view's life.
// Console queries do not take that turn: they run under the console's own
// limits (handed in by `driftgraph serve`), beside the pages, holding a read
// lock at most, and close() stops those still running.
import type { GraphStore, LimitedRows, Params } from '../graph/store.js';

/** How long a page waits for a scan's lock before it answers 503. */
export const WEB_LOCK_WAIT_SECONDS = 20;

export interface StoreAccess {
  use<T>(work: (store: GraphStore) => Promise<T>): Promise<T>;
  /** The one kind of write the view makes (an approval): the store opened for writing, in turn with the pages, closed after. */
  useForWrite<T>(work: (store: GraphStore) => Promise<T>): Promise<T>;
  /** An analyst's console query, under the console's limits (analystQueries.console); stopped by close(). */
  analystQuery(cypher: string, params: Params): Promise<LimitedRows>;
  close(): Promise<void>;
}

/** Opens the store read-only, waiting at most `lockWaitSeconds` for a scan's lock (handed in by `driftgraph serve`). */
export type OpenReadStore = (lockWaitSeconds: number) => Promise<GraphStore>;

/** Runs one console query under its limits; stops it when `signal` aborts (handed in by `driftgraph serve`). */
export type RunAnalystQuery = (cypher: string, params: Params, lockWaitSeconds: number, signal: AbortSignal) => Promise<LimitedRows>;

/** Opens the store for writing (handed in by `driftgraph serve`; absent: the view cannot write). */
export type OpenWriteStore = (lockWaitSeconds: number) => Promise<GraphStore>;

export function storeAccess(open: OpenReadStore, configuredWait?: number, runQuery?: RunAnalystQuery, openWrite?: OpenWriteStore): StoreAccess {
  const lockWait = Math.min(configuredWait ?? WEB_LOCK_WAIT_SECONDS, WEB_LOCK_WAIT_SECONDS);
  let shared: GraphStore | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const stopping = new AbortController();
  return {
    use<T>(work: (store: GraphStore) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        if (shared) return work(shared);
        const store = await open(lockWait);
        if (store.kind === 'neo4j') {
          shared = store;
          return work(store);
        }
        try {
          return await work(store);
        } finally {
          await store.close();
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    useForWrite<T>(work: (store: GraphStore) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        if (!openWrite) throw new Error('this view was started without write access to the store');
        // The embedded file takes one writer: no read store of ours may hold it meanwhile (the pages' store is closed between turns).
        const store = await openWrite(lockWait);
        try {
          return await work(store);
        } finally {
          await store.close();
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async analystQuery(cypher, params) {
      if (stopping.signal.aborted) throw new Error('the view is shutting down');
      if (runQuery) return runQuery(cypher, params, lockWait, stopping.signal);
      // No runner handed in: in turn with the pages, capped at the console's default rows, with no time limit.
      return this.use(async (store) => (store.readLimited ? store.readLimited(cypher, params, { maxRows: 2000, timeoutMs: 30_000 }) : { rows: await store.read(cypher, params), truncated: false }));
    },
    async close() {
      stopping.abort();
      await queue;
      if (shared) await shared.close();
      shared = null;
    },
  };
}

// The web view reads the graph the way `driftgraph query` does: read-only.
// The embedded store is opened for one request and closed right after, one
// request at a time, so a nightly scan waits at most for one answer; Neo4j
// (a server, no file lock) keeps one connection for the view's life.
import type { GraphStore } from '../graph/store.js';

/** How long a page waits for a scan's lock before it answers 503. */
export const WEB_LOCK_WAIT_SECONDS = 20;

export interface StoreAccess {
  use<T>(work: (store: GraphStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the store read-only, waiting at most `lockWaitSeconds` for a scan's lock (handed in by `driftgraph serve`). */
export type OpenReadStore = (lockWaitSeconds: number) => Promise<GraphStore>;

export function storeAccess(open: OpenReadStore, configuredWait?: number): StoreAccess {
  const lockWait = Math.min(configuredWait ?? WEB_LOCK_WAIT_SECONDS, WEB_LOCK_WAIT_SECONDS);
  let shared: GraphStore | null = null;
  let queue: Promise<unknown> = Promise.resolve();
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
    async close() {
      await queue;
      if (shared) await shared.close();
      shared = null;
    },
  };
}

// The web view reads the graph the way `driftgraph query` does: read-only.
// The embedded store is opened for one request and closed right after, one
// request at a time, so a nightly scan waits at most for one answer; Neo4j
// (a server, no file lock) keeps one connection for the view's life.
// Console queries do not take that turn: they run under their own time limit
// (analyst-query.ts), beside the pages, and never hold more than a read lock.
import type { Config } from '../config/schema.js';
import type { GraphStore, LimitedRows, Params } from '../graph/store.js';
import { runEmbeddedAnalystQuery, runStoreAnalystQuery } from '../graph/analyst-query.js';
import { analystLimits } from '../cli/query-limits.js';
import { cliStore, DEFAULT_DB, type GlobalOptions } from '../cli/context.js';

/** How long a page waits for a scan's lock before it answers 503. */
export const WEB_LOCK_WAIT_SECONDS = 20;

export interface StoreAccess {
  use<T>(work: (store: GraphStore) => Promise<T>): Promise<T>;
  /** An analyst's console query, under the console's limits (analystQueries.console); stopped by close(). */
  analystQuery(cypher: string, params: Params): Promise<LimitedRows>;
  close(): Promise<void>;
}

export function storeAccess(g: GlobalOptions, config: Config): StoreAccess {
  const readConfig: Config = { ...config, lockWaitSeconds: Math.min(config.lockWaitSeconds ?? WEB_LOCK_WAIT_SECONDS, WEB_LOCK_WAIT_SECONDS) };
  let shared: GraphStore | null = null;
  let opening: Promise<GraphStore> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const quiet = { ...g, quiet: true };
  const stopping = new AbortController();
  const neo4j = Boolean(g.neo4j ?? process.env.NEO4J_URI ?? config.neo4j?.uri);
  const limits = analystLimits(config, 'console');
  const sharedStore = () => (opening ??= cliStore(quiet, readConfig, true).then((s) => (shared = s)));
  return {
    use<T>(work: (store: GraphStore) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        if (shared) return work(shared);
        if (neo4j) return work(await sharedStore());
        const store = await cliStore(quiet, readConfig, true);
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
      const query = { cypher, params, limits, limitSetting: limits.timeoutSetting, signal: stopping.signal };
      if (neo4j) return runStoreAnalystQuery(await sharedStore(), query);
      return runEmbeddedAnalystQuery({ path: g.db ?? config.db ?? DEFAULT_DB, lockWaitSeconds: readConfig.lockWaitSeconds ?? WEB_LOCK_WAIT_SECONDS }, query);
    },
    async close() {
      stopping.abort();
      await queue;
      if (shared) await shared.close();
      shared = null;
    },
  };
}

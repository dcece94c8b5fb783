// Where an analyst's query runs, for `query` and for `serve`'s console: on
// the embedded store, in a child process it can stop (graph/analyst-query.ts),
// holding the file's shared read lock only; on Neo4j, in a read transaction
// with the server's own timeout.
import type { Config } from '../config/schema.js';
import type { LimitedRows, Params } from '../graph/store.js';
import { runEmbeddedAnalystQuery, runStoreAnalystQuery } from '../graph/analyst-query.js';
import type { LimitsWithSource } from '../queries/query-limits.js';
import { cliStore, cliStoreLocation, type GlobalOptions } from './context.js';

export type AnalystRunner = (cypher: string, params: Params, signal?: AbortSignal) => Promise<LimitedRows>;

export function analystRunner(g: GlobalOptions, config: Config, limits: LimitsWithSource, lockWaitSeconds = config.lockWaitSeconds): AnalystRunner {
  return async (cypher, params, signal) => {
    const q = { cypher, params, limits, limitSetting: limits.timeoutSetting, ...(signal ? { signal } : {}) };
    const at = cliStoreLocation(g, config, true);
    if (at.kind === 'neo4j') {
      const store = await cliStore({ ...g, quiet: true }, config, true);
      try {
        return await runStoreAnalystQuery(store, q);
      } finally {
        await store.close();
      }
    }
    const target = {
      path: at.path,
      ...(lockWaitSeconds !== undefined ? { lockWaitSeconds } : {}),
      ...(g.quiet ? {} : { onWait: (m: string) => process.stderr.write(m + '\n') }),
    };
    return runEmbeddedAnalystQuery(target, q);
  };
}

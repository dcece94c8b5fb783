// What every command shares: the global flags, the config, and the store
// they point at (embedded by default, Neo4j with --neo4j or NEO4J_URI).
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import { openStore } from '../graph/open-store.js';
import { UsageError } from '../util/errors.js';
import { DEFAULT_DB } from '../util/paths.js';
import { configSections } from './registry.js';

export interface GlobalOptions {
  db?: string;
  neo4j?: string;
  config?: string;
  quiet?: boolean;
  /** A folder of the team's own rule files, added to the built-in ones. */
  rules?: string;
}

export { DEFAULT_DB };

export async function cliConfig(g: GlobalOptions): Promise<{ config: Config; configDir: string }> {
  const file = g.config ?? 'driftgraph.yaml';
  const config = await loadConfig(file, g.config !== undefined, configSections);
  return { config, configDir: dirname(resolve(file)) };
}

/** Open the store read-only, run `work`, and close it whatever happens. */
export async function withReadStore<T>(g: GlobalOptions, work: (store: GraphStore) => Promise<T>): Promise<T> {
  const { config } = await cliConfig(g);
  const store = await cliStore(g, config, true);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function cliStore(
  g: GlobalOptions,
  config: Config,
  readOnly = false,
  onWait: (message: string) => void = (m) => process.stderr.write(m + '\n'),
): Promise<GraphStore> {
  const neo4jUri = g.neo4j ?? process.env.NEO4J_URI ?? config.neo4j?.uri;
  if (neo4jUri && !/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(neo4jUri)) {
    throw new UsageError(`--neo4j ${neo4jUri}: expected a neo4j:// or bolt:// URI`);
  }
  return openStore({
    neo4jUri,
    neo4jUser: process.env.NEO4J_USER ?? config.neo4j?.user,
    neo4jPassword: process.env.NEO4J_PASSWORD,
    neo4jDatabase: config.neo4j?.database,
    dbPath: g.db ?? config.db ?? DEFAULT_DB,
    readOnly,
    lockWaitSeconds: config.lockWaitSeconds,
    onWait,
  });
}

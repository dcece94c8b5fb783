// What every command shares: the global flags, the config, and the store
// they point at (embedded by default, Neo4j with --neo4j or NEO4J_URI).
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import { storeLocation, type StoreLocation } from '../graph/store-location.js';
import { DEFAULT_DB } from '../util/paths.js';
// The connectors (registry.js) and the store engine (open-store.js) load on
// first use: `query` with no config file needs neither in this process.

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
  const config = await loadConfig(file, g.config !== undefined, async () => (await import('./registry.js')).configSections);
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

/** Which store the global flags and the config point at (see src/graph/store-location.ts). */
export function cliStoreLocation(g: GlobalOptions, config: Config, forReading = false): StoreLocation {
  return storeLocation({ db: g.db, neo4j: g.neo4j, config, forReading });
}

/** The demo fallback is said once per process (the web view opens the store per request). */
let demoNoteSaid = false;

export async function cliStore(
  g: GlobalOptions,
  config: Config,
  readOnly = false,
  onWait: (message: string) => void = (m) => process.stderr.write(m + '\n'),
): Promise<GraphStore> {
  const at = cliStoreLocation(g, config, readOnly);
  if (at.kind === 'embedded' && at.demoNote && !demoNoteSaid) {
    demoNoteSaid = true;
    process.stderr.write(at.demoNote + '\n');
  }
  const { openStore } = await import('../graph/open-store.js');
  return openStore({
    neo4jUri: at.kind === 'neo4j' ? at.uri : undefined,
    neo4jUser: process.env.NEO4J_USER ?? config.neo4j?.user,
    neo4jPassword: process.env.NEO4J_PASSWORD,
    neo4jDatabase: config.neo4j?.database,
    dbPath: at.kind === 'embedded' ? at.path : '',
    readOnly,
    lockWaitSeconds: config.lockWaitSeconds,
    onWait,
  });
}

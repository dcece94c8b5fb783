// Which store: Neo4j when a URI is given (`--neo4j` or NEO4J_URI), else the
// embedded file. Writers get the schema (indexes, constraints) on open.
import type { GraphStore } from './store.js';
import { openEmbeddedStore } from './grafeo-store.js';
import { ensureSchema } from './schema.js';
import { UsageError } from '../util/errors.js';

export interface OpenStoreOptions {
  /** From `--neo4j`; falls back to NEO4J_URI. */
  neo4jUri?: string;
  /** Fall back to NEO4J_USER (default `neo4j`) and NEO4J_PASSWORD. */
  neo4jUser?: string;
  neo4jPassword?: string;
  /** Neo4j database name; falls back to NEO4J_DATABASE, else the server's default. */
  neo4jDatabase?: string;
  /** The embedded database file, used when there is no Neo4j URI. */
  dbPath: string;
  /** An analyst's query: no schema changes, writes refused. */
  readOnly?: boolean;
  /** Embedded only: how long to wait for another process's lock. */
  lockWaitSeconds?: number;
  onWait?: (message: string) => void;
  /** Where the NEO4J_* fallbacks come from; process.env unless given. */
  env?: NodeJS.ProcessEnv;
}

export async function openStore(options: OpenStoreOptions): Promise<GraphStore> {
  const env = options.env ?? process.env;
  const uri = options.neo4jUri || env.NEO4J_URI;
  let store: GraphStore;
  if (uri) {
    // Loaded on demand: the Neo4j driver costs start-up time the embedded store never needs.
    const { openNeo4jStore, safeUri } = await import('./neo4j-store.js');
    const password = options.neo4jPassword ?? env.NEO4J_PASSWORD;
    if (!password) throw new UsageError(`Neo4j at ${safeUri(uri)}: set NEO4J_PASSWORD (and NEO4J_USER if not "neo4j")`);
    const database = options.neo4jDatabase || env.NEO4J_DATABASE || undefined;
    store = await openNeo4jStore({
      uri,
      user: options.neo4jUser || env.NEO4J_USER || 'neo4j',
      password,
      ...(database ? { database } : {}),
    });
  } else {
    store = await openEmbeddedStore(options.dbPath, {
      readOnly: options.readOnly ?? false,
      ...(options.lockWaitSeconds !== undefined ? { lockWaitSeconds: options.lockWaitSeconds } : {}),
      ...(options.onWait ? { onWait: options.onWait } : {}),
    });
  }
  if (!options.readOnly) {
    try {
      await ensureSchema(store);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

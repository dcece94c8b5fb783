// The Neo4j store: the same Cypher as the embedded one, through neo4j-driver,
// for teams that outgrow one machine or live in Neo4j Browser and Bloom.
// Every statement runs in a managed transaction (executeRead/executeWrite),
// so the driver retries transient failures (leader changes, deadlocks,
// dropped connections) with its own back-off.
import neo4j from 'neo4j-driver';
import type { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import type { CompactResult, GraphStore, LimitedRows, Params, QueryLimits, Row, StoreTx } from './store.js';
import { nodeRef, QueryTimeoutError, ReadOnlyQueryError, type NodeRef } from './store.js';
import { safeUri } from './safe-uri.js';
import { fromNeo4jRecord, relationshipEndIds, toNeo4jParams } from './neo4j-values.js';

export { safeUri };

export interface Neo4jOptions {
  /** `neo4j://host:7687`, `bolt://...`, `neo4j+s://...` */
  uri: string;
  user: string;
  password: string;
  /** Omit for the server's default database. */
  database?: string;
}


/** Codes Neo4j gives a write sent where only reads are allowed. */
const READ_ONLY_CODES = new Set([
  'Neo.ClientError.Statement.AccessMode',
  'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
  'Neo.ClientError.Cluster.NotALeader',
]);

function isWriteInReadMode(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (!err) return false;
  if (err.code && READ_ONLY_CODES.has(err.code)) return true;
  return /read access mode|read.?only (database|instance)/i.test(err.message ?? '');
}

export async function openNeo4jStore(options: Neo4jOptions): Promise<GraphStore> {
  const location = safeUri(options.uri);
  let driver: Driver;
  try {
    // Integers stay lossless in the driver; fromNeo4jValue converts them.
    driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password));
  } catch (e) {
    throw new Error(`cannot use the Neo4j URI ${location}: ${hidePassword(e, options.password)}`);
  }
  try {
    await driver.verifyConnectivity(options.database ? { database: options.database } : {});
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw new Error(
      `cannot connect to Neo4j at ${location} as ${options.user}` +
        `${options.database ? ` (database ${options.database})` : ''}: ${hidePassword(e, options.password)}`,
    );
  }
  return new Neo4jStore(driver, location, options.database);
}

function hidePassword(e: unknown, password: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  return password ? msg.split(password).join('***') : msg;
}

async function runIn(tx: ManagedTransaction, cypher: string, params: Params): Promise<Row[]> {
  const result = await tx.run(cypher, toNeo4jParams(params));
  return result.records.map((r) => fromNeo4jRecord(r));
}

/**
 * A read whose relationships name their end nodes: the driver gives only the
 * ends' element ids, so one more read in the same transaction fetches them.
 */
async function readIn(tx: Pick<ManagedTransaction, 'run'>, cypher: string, params: Params): Promise<Row[]> {
  const result = await tx.run(cypher, toNeo4jParams(params));
  return withEnds(tx, result.records);
}

async function withEnds(tx: Pick<ManagedTransaction, 'run'>, records: Neo4jRecord[]): Promise<Row[]> {
  const result = { records };
  const ids = relationshipEndIds(result.records);
  if (!ids.length) return result.records.map((r) => fromNeo4jRecord(r));
  const ends = await tx.run(
    'MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS id, labels(n) AS labels, n.key AS key, n.id AS nid',
    { ids },
  );
  const byId = new Map<string, NodeRef>();
  for (const e of ends.records) {
    byId.set(e.get('id') as string, nodeRef(e.get('labels') as string[], { key: e.get('key'), id: e.get('nid') }));
  }
  return result.records.map((r) => fromNeo4jRecord(r, (id) => byId.get(id) ?? null));
}

class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  constructor(
    private readonly driver: Driver,
    readonly location: string,
    private readonly database: string | undefined,
  ) {}

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(this.database ? { database: this.database } : {}),
    });
  }

  /**
   * A read session routes to a reader and the server refuses a write in it.
   * On a cluster a write sent to a follower is first retried by the driver
   * (it looks like a leader change) and is refused when its retries run out.
   */
  async read(cypher: string, params: Params = {}): Promise<Row[]> {
    const session = this.session('READ');
    try {
      return await session.executeRead((tx) => readIn(tx, cypher, params));
    } catch (e) {
      if (isWriteInReadMode(e)) throw new ReadOnlyQueryError(`this statement writes to the graph (${(e as Error).message})`);
      throw e;
    } finally {
      await session.close();
    }
  }

  /**
   * An analyst's read: the server stops it at the time limit (a transaction
   * timeout), and records past maxRows are never pulled: the stream stops
   * there and the transaction is rolled back.
   */
  async readLimited(cypher: string, params: Params, limits: QueryLimits): Promise<LimitedRows> {
    const session = this.session('READ');
    const tx = session.beginTransaction({ timeout: Math.max(1, Math.ceil(limits.timeoutMs)) });
    const records: Neo4jRecord[] = [];
    let truncated = false;
    try {
      for await (const record of tx.run(cypher, toNeo4jParams(params))) {
        if (records.length >= limits.maxRows) {
          truncated = true;
          break;
        }
        records.push(record);
      }
      const rows = await withEnds(tx, records);
      return truncated ? { rows, truncated } : { rows, truncated, total: rows.length };
    } catch (e) {
      if (isWriteInReadMode(e)) throw new ReadOnlyQueryError(`this statement writes to the graph (${(e as Error).message})`);
      if (/TransactionTimedOut|Transaction\.Terminated|TransactionTimeout/i.test((e as { code?: string }).code ?? '')) {
        throw new QueryTimeoutError(limits.timeoutMs / 1000, 'the analyst query limit');
      }
      throw e;
    } finally {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      await session.close();
    }
  }

  async write(cypher: string, params: Params = {}): Promise<Row[]> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite((tx) => runIn(tx, cypher, params));
    } finally {
      await session.close();
    }
  }

  /**
   * All of `work` in one transaction. The driver retries a transaction that
   * failed transiently by calling `work` again from the start, so `work` must
   * be safe to re-run: only statements (ours are MERGE-based upserts) and no
   * side effects outside the graph that must happen once.
   */
  async writeTx<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite((tx) => work({ run: (cypher, params = {}) => runIn(tx, cypher, params) }));
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /** Neo4j reuses the space of deleted records itself; there is no file here to compact. */
  async compact(): Promise<CompactResult> {
    return { compacted: false, failed: false, message: 'Neo4j manages its own storage (it reuses freed space): nothing to compact' };
  }
}

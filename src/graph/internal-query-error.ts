// When one of driftgraph's own queries fails (a scan step, a rule, the
// report, tickets), the message names the step and the query and says what
// to do. Those queries run without an analyst's time limit; what can still
// stop one is the store's own per-statement limit (the embedded engine stops
// some statements at 30 s; Neo4j at db.transaction.timeout), so that case
// gets its own advice.
import { StoreLockedError, type GraphStore } from './store.js';

export class InternalQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalQueryError';
  }
}

export interface InternalQuery {
  /** What driftgraph was doing, in the user's words: "the report's byTeam", "rule stale-credential". */
  step: string;
  /** Which query: a file, or a short name. */
  query: string;
  /** A command that runs the same query alone, when there is one. */
  rerun?: string;
}

/** The store's own statement time limit: Grafeo GRAFEO-Q003, Neo4j's transaction timeout. */
export function isStoreTimeout(e: unknown): boolean {
  const err = e as { message?: string; code?: string } | null;
  return /GRAFEO-Q003|timeout error|Query exceeded/i.test(err?.message ?? '') || /TransactionTimedOut|Transaction\.TransactionTimedOut/i.test(err?.code ?? '');
}

export function internalQueryError(e: unknown, q: InternalQuery): Error {
  if (e instanceof StoreLockedError || e instanceof InternalQueryError) return e;
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const advice = isStoreTimeout(e)
    ? 'The store stopped this statement at its own per-statement time limit (driftgraph sets none on its own work). ' +
      'Run it again when the machine is less busy; if it fails again, tell the maintainers the estate size and this message.'
    : '';
  const rerun = q.rerun ? ` To run the query alone and see the store's answer: ${q.rerun}` : '';
  return new InternalQueryError(`${q.step} failed: the query ${q.query}: ${message}. ${advice}${rerun}`);
}

/** The first line of a statement, short: enough to find it in the source. */
function shortQuery(cypher: string): string {
  const line = cypher.trim().split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? cypher;
  const one = line.trim().replace(/\s+/g, ' ');
  return `"${one.length > 80 ? `${one.slice(0, 80)}...` : one}"`;
}

/**
 * The store as one step of driftgraph's own work sees it: a statement that
 * fails is reported with the step's name and the statement's first line.
 */
export function withStep(store: GraphStore, step: string): GraphStore {
  const wrap = async <T>(cypher: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw internalQueryError(e, { step, query: shortQuery(cypher) });
    }
  };
  return {
    kind: store.kind,
    location: store.location,
    read: (cypher, params) => wrap(cypher, () => store.read(cypher, params)),
    write: (cypher, params) => wrap(cypher, () => store.write(cypher, params)),
    writeTx: (work) => store.writeTx((tx) => work({ run: (cypher, params) => wrap(cypher, () => tx.run(cypher, params)) })),
    close: () => store.close(),
  };
}

// The GraphStore port: the one interface the scan, the rules and the CLI use.
// Two adapters implement it (embedded Grafeo, Neo4j) and one contract test
// suite runs against both. Values that come out are plain JS: numbers,
// strings, booleans, lists, maps; a node is its properties plus `_labels`;
// a relationship from read() is its properties plus `_type` and its end
// nodes as `_start` and `_end` (NodeRef), so a printed edge says what it joins.
import { shellQuote } from '../util/shell.js';

export type Params = Record<string, unknown>;

/** A relationship's end node as read() gives it: its labels and the property that identifies it. */
export interface NodeRef {
  _labels: string[];
  key?: unknown;
  id?: unknown;
}

/** Every graph node has a unique `key`; findings and scans have an `id`. */
export function nodeRef(labels: Iterable<string>, props: Record<string, unknown>): NodeRef {
  const ref: NodeRef = { _labels: [...labels] };
  if (props.key !== undefined && props.key !== null) ref.key = props.key;
  else if (props.id !== undefined && props.id !== null) ref.id = props.id;
  return ref;
}
export type Row = Record<string, unknown>;

/** What an analyst's query may take: time (ms) and rows. */
export interface QueryLimits {
  timeoutMs: number;
  maxRows: number;
}

/** An analyst's rows: at most maxRows of them; `total` when the store knows how many there were. */
export interface LimitedRows {
  rows: Row[];
  truncated: boolean;
  total?: number;
}

export interface StoreTx {
  run(cypher: string, params?: Params): Promise<Row[]>;
}

export interface GraphStore {
  readonly kind: 'embedded' | 'neo4j';
  /** Where it is: a file path or a bolt URI (never with a password). */
  readonly location: string;
  /** A read-only query: the store refuses writes. */
  read(cypher: string, params?: Params): Promise<Row[]>;
  /**
   * An analyst's read (`query`, the web console): at most `maxRows` rows
   * come back, and a store that can bound a statement's time itself (Neo4j)
   * stops it after `timeoutMs`. The embedded store cannot stop a running
   * statement: analyst-query.ts runs it in a process it can end instead.
   */
  readLimited?(cypher: string, params: Params, limits: QueryLimits): Promise<LimitedRows>;
  /** One write statement in its own transaction. */
  write(cypher: string, params?: Params): Promise<Row[]>;
  /** Several statements in one transaction: all or nothing. */
  writeTx<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Give back the space old versions take in the store's file (embedded:
   * a verified fresh copy replaces the file; Neo4j: nothing, it manages its
   * own storage). Never loses data: a failure leaves the store as it was and
   * says so in the result. Optional so a store wrapper need not pass it on.
   */
  compact?(options?: CompactOptions): Promise<CompactResult>;
}

export interface CompactOptions {
  /**
   * Compact only when the file is more than this many times its size after
   * the last compaction (or when first measured); absent: compact now.
   */
  above?: number;
  /** Open the store again afterwards (default true); false when the caller closes it next. */
  reopen?: boolean;
}

export interface CompactResult {
  /** True when the file was replaced by its compacted copy. */
  compacted: boolean;
  /** True when a compaction was tried and did not complete: the store is as it was. */
  failed: boolean;
  /** What happened, in a user's words. */
  message: string;
  /** The file (and its write-ahead log) before and after, in bytes. */
  beforeBytes?: number;
  afterBytes?: number;
  /** How long it took. */
  ms?: number;
}

/** Thrown when the embedded store is held by another process for too long. */
export class StoreLockedError extends Error {
  constructor(location: string, waitedSeconds: number) {
    super(
      `the graph database ${location} is in use by another driftgraph process ` +
        `(a scan, the scheduler or a query); waited ${waitedSeconds}s. ` +
        `Try again when it finishes, or raise lockWaitSeconds in the config.`,
    );
    this.name = 'StoreLockedError';
  }
}

/** Thrown when an analyst's query ran past its time: it was stopped, and nothing else waited for it. */
export class QueryTimeoutError extends Error {
  constructor(
    readonly seconds: number,
    readonly setting: string,
  ) {
    super(`the query was stopped after ${seconds}s, its time limit (${setting}); narrow it (a WHERE, a LIMIT) or raise the limit`);
    this.name = 'QueryTimeoutError';
  }
}

/**
 * Thrown when the embedded store's file fails the engine's checks at open
 * (truncated, bit-flipped): what to do is in the message.
 */
export class DamagedStoreError extends Error {
  constructor(
    readonly location: string,
    detail: string,
    lastGood: { path: string; at: Date } | null,
  ) {
    // Commands a person can paste: paths quoted for the shell.
    const [file, damaged] = [shellQuote(location), shellQuote(`${location}.damaged`)];
    const moveAway = `mv ${file} ${damaged}`;
    const restore = lastGood
      ? `Restore the last good copy the compaction kept (${lastGood.path}, written ${lastGood.at.toISOString()}): ` +
        `\`${moveAway} && cp ${shellQuote(lastGood.path)} ${file}\`, then scan again to bring it up to date. Or s`
      : `There is no last good copy beside it (${location}.last-good is kept by each compaction). S`;
    super(
      `the graph database ${location} is damaged and was not used (${detail}). ` +
        `${restore}can into a fresh file: \`${moveAway}\`, then \`driftgraph --db ${file} scan --from <snapshot>\` ` +
        `(findings start again as new).`,
    );
    this.name = 'DamagedStoreError';
  }
}

/** Thrown when a read-only open finds no store file: nothing has been scanned into it yet. */
export class StoreMissingError extends Error {
  constructor(readonly location: string) {
    super(`there is no graph database at ${location} yet: run \`driftgraph scan\` first`);
    this.name = 'StoreMissingError';
  }
}

/** Thrown when a read-only path receives a write. */
export class ReadOnlyQueryError extends Error {
  constructor(detail: string) {
    super(`queries are read-only: ${detail}`);
    this.name = 'ReadOnlyQueryError';
  }
}

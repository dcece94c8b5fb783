// The embedded store: Grafeo, in-process and file-backed, so a new user needs
// no server. Grafeo locks its file: one process at a time. A second writer
// waits with a message instead of crashing; read-only opens share the lock.
//
// How Grafeo 0.6 reports the lock (checked by test/embedded-store-lock.test.ts):
// - a writable open (create/open) while another handle, in this process or
//   another, has the file open writable fails with "database file cannot be
//   locked for reading: <path>"; while a read-only handle has it, with
//   "database file is locked by another process: <path>". Both are
//   GRAFEO-X001 with no gqlStatus, so the message is what we match.
// - openReadOnly shares its lock only with other read-only opens. While a
//   writable handle is open, even one in this same process, it fails like a
//   writable open ("cannot be locked for reading"): a read-only open waits
//   for the writer like everyone else, so code that holds a writable store
//   must query through it rather than open a second, read-only handle.
// - a write through a read-only handle fails with "Cannot write in read-only
//   transaction" (gqlStatus 25G03), index creation included.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { CompactOptions, CompactResult, GraphStore, LimitedRows, Params, QueryLimits, Row, StoreTx } from './store.js';
import { DamagedStoreError, nodeRef, ReadOnlyQueryError, StoreLockedError, StoreMissingError, type NodeRef } from './store.js';
import { compactEmbedded, lastGoodFile, removeCompactionLeftovers, type Db } from './compact-embedded.js';

// Grafeo ships as CommonJS with native bindings.
const require = createRequire(import.meta.url);
const { GrafeoDB } = require('@grafeo-db/js') as typeof import('@grafeo-db/js');

export interface EmbeddedOptions {
  readOnly?: boolean;
  /** How long to wait for another process's lock; default 600 s. */
  lockWaitSeconds?: number;
  /** Told once when we start waiting for the lock. */
  onWait?: (message: string) => void;
}

export async function openEmbeddedStore(path: string, options: EmbeddedOptions = {}): Promise<GraphStore> {
  return new GrafeoStore(await openDb(path, options), path, options);
}

/** Open the file, waiting (with one message) while another process holds its lock. */
async function openDb(path: string, options: EmbeddedOptions): Promise<Db> {
  const wait = options.lockWaitSeconds ?? 600;
  if (!options.readOnly) mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      if (options.readOnly) return GrafeoDB.openReadOnly(path);
      const db = GrafeoDB.create(path);
      // Holding the file writable, no compaction can be running: what a killed one left is ours to remove.
      removeCompactionLeftovers(path);
      return db;
    } catch (e) {
      const msg = (e as Error).message ?? '';
      if (isDamaged(msg)) throw new DamagedStoreError(path, msg.replace(/^Database error: /, ''), lastGood(path));
      if (!isLockError(msg)) {
        if (options.readOnly && /not exist|no such|not found/i.test(msg)) {
          throw new StoreMissingError(path);
        }
        throw new Error(`cannot open the graph database ${path}: ${msg}`);
      }
      const waited = (Date.now() - started) / 1000;
      if (waited >= wait) throw new StoreLockedError(path, Math.round(waited));
      if (!told) {
        options.onWait?.(`waiting for ${path}: another driftgraph process is using it...`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * "database file cannot be locked ..." / "database file is locked by another
 * process". Grafeo's messages end with the path, so match the phrase, never
 * a bare "lock" (a path such as /srv/blocklist/graph.grafeo would match).
 */
function isLockError(message: string): boolean {
  return /database file (cannot be locked|is locked)/i.test(message);
}

/** Grafeo checks every image and chunk it reads against its checksum: GRAFEO-S002 "the file ... is damaged". */
function isDamaged(message: string): boolean {
  return /GRAFEO-S002|\bis damaged\b/.test(message);
}

function lastGood(path: string): { path: string; at: Date } | null {
  const file = lastGoodFile(path);
  try {
    return { path: file, at: statSync(file).mtime };
  } catch {
    return null;
  }
}

function isReadOnlyError(e: unknown): boolean {
  const err = e as { gqlStatus?: string; message?: string };
  return err?.gqlStatus === '25G03' || /read.?only|mutation/i.test(err?.message ?? '');
}

class GrafeoStore implements GraphStore {
  readonly kind = 'embedded' as const;
  private readonly readOnly: boolean;
  /** Null once closed (by close(), or by a compaction told not to reopen). */
  private handle: Db | null;
  constructor(
    db: Db,
    readonly location: string,
    private readonly options: EmbeddedOptions,
  ) {
    this.handle = db;
    this.readOnly = options.readOnly ?? false;
  }

  private get db(): Db {
    if (!this.handle) throw new Error(`the graph database ${this.location} is closed`);
    return this.handle;
  }

  async read(cypher: string, params: Params = {}): Promise<Row[]> {
    return (await this.readRows(cypher, params, Infinity)).rows;
  }

  /** Rows past maxRows are never turned into JS values. The time limit is analyst-query.ts's to keep. */
  async readLimited(cypher: string, params: Params, limits: QueryLimits): Promise<LimitedRows> {
    return this.readRows(cypher, params, limits.maxRows);
  }

  private async readRows(cypher: string, params: Params, maxRows: number): Promise<LimitedRows> {
    try {
      const result = await this.db.executeCypher(cypher, params);
      // A relationship read out names its end nodes (see store.ts NodeRef).
      const seen = new Map<unknown, NodeRef | null>();
      const ends = (id: unknown): NodeRef | null => {
        if (!seen.has(id)) {
          const n = typeof id === 'number' ? this.db.getNode(id) : null;
          seen.set(id, n ? nodeRef(n.labels, n.properties() as Record<string, unknown>) : null);
        }
        return seen.get(id)!;
      };
      const total = result.length;
      const kept = Math.min(total, maxRows);
      const raw = kept === total ? result.toArray() : Array.from({ length: kept }, (_, i) => result.get(i));
      return { rows: raw.map((row) => plainValue(row, ends) as Row), truncated: total > kept, total };
    } catch (e) {
      if (this.readOnly && isReadOnlyError(e)) {
        throw new ReadOnlyQueryError('this statement writes to the graph');
      }
      throw e;
    }
  }

  async write(cypher: string, params: Params = {}): Promise<Row[]> {
    return this.writeTx((tx) => tx.run(cypher, params));
  }

  async writeTx<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const tx = this.db.beginTransaction();
    const handle: StoreTx = {
      run: async (cypher, params = {}) => (await tx.executeCypher(cypher, params)).toArray().map(plainRow),
    };
    try {
      const out = await work(handle);
      tx.commit();
      return out;
    } catch (e) {
      if (tx.isActive) tx.rollback();
      throw e;
    }
  }

  async close(): Promise<void> {
    this.handle?.close();
    this.handle = null;
  }

  async compact(options: CompactOptions = {}): Promise<CompactResult> {
    if (this.readOnly) return { compacted: false, failed: false, message: 'store opened read-only: not compacted' };
    const { result, closed } = compactEmbedded(this.db, this.location, options);
    if (closed) {
      this.handle = null;
      // The copy (or, after a failure, the original) is opened again; another
      // process may have taken its turn with the file in between: wait for it.
      if (options.reopen !== false) this.handle = await openDb(this.location, this.options);
    }
    return result;
  }
}

/**
 * Grafeo returns nodes as maps with `_id`/`_labels` and edges with `_type`,
 * `_source`, `_target` (internal ids): keep the meaningful parts, and with
 * `ends` give an edge its end nodes as `_start`/`_end`.
 */
function plainValue(v: unknown, ends?: (id: unknown) => NodeRef | null): unknown {
  // The engine hands over fresh arrays and objects for every result, so a
  // row, list or map that needs nothing dropped is made plain where it is:
  // copying each of 300,000 rows (and Object.entries' pairs) was most of
  // what a large read allocated.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = plainValue(v[i], ends);
    return v;
  }
  // A stored JS Date and a localdatetime() come back as Date: ISO text, as
  // datetime() values already are (Object.entries would make them `{}`).
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (!('_id' in o || '_source' in o || '_target' in o)) {
      for (const k in o) {
        const val = o[k];
        if ((val !== null && typeof val === 'object') || typeof val === 'bigint') o[k] = plainValue(val, ends);
      }
      return o;
    }
    // A node or a relationship: a new map without the engine's internal ids (an edge gets its ends first).
    const out: Record<string, unknown> = {};
    if (ends && typeof o._type === 'string' && '_source' in o) {
      out._start = ends(o._source);
      out._end = ends(o._target);
    }
    for (const [k, val] of Object.entries(o)) {
      if (k === '_id' || k === '_source' || k === '_target') continue;
      out[k] = plainValue(val, ends);
    }
    return out;
  }
  // Past 2^53 Grafeo gives a bigint: a number while exact, else its digits.
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}

function plainRow(row: Record<string, unknown>): Row {
  return plainValue(row) as Row;
}

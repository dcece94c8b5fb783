// The derive step's whole-label read, and the small shapes its parts share.
// Reading only what changed, and writing only what changed, is derive-io.ts.
import type { GraphStore, Row } from '../graph/store.js';
import type { Props } from '../graph/records.js';
import { chunks } from '../graph/batches.js';
import { append } from '../util/arrays.js';

/** A label or property name written into a statement: letters, digits and underscores only. */
export const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Nodes read per statement by readLive: no one statement hands over a whole label's properties. */
export const READ_PAGE = 5_000;

/** What readLive reads besides the label: a condition over `n` (our own text, never a provider value), and the page size. */
export interface LiveReadOptions {
  where?: string;
  page?: number;
}

/**
 * Every node of `label` not removed (and meeting `where`), as `returns`
 * (over `n`) gives it. The keys come first (one light column), then the
 * rest a page of keys at a time by index lookup, in the same order: a
 * statement's work is one page's, whatever the estate. The store stops any
 * one statement at its own time limit (the embedded engine at 30 s, which
 * its API cannot raise), and at 100,000 people the identities read whole
 * took longer than that on a busy machine.
 */
export async function readLive(store: GraphStore, label: string, returns: string, options: LiveReadOptions = {}): Promise<Row[]> {
  if (!PLAIN_NAME.test(label)) throw new Error(`label ${JSON.stringify(label)} is not a plain name`);
  const where = `n.removedAt IS NULL${options.where ? ` AND (${options.where})` : ''}`;
  const keys = (await store.read(`MATCH (n:${label}) WHERE ${where} RETURN n.key AS key`)).map((r) => String(r.key));
  const out: Row[] = [];
  for (const some of chunks(keys, options.page ?? READ_PAGE)) {
    append(out, await store.read(`UNWIND $keys AS k MATCH (n:Entity {key: k}) WHERE n:${label} AND ${where} RETURN ${returns}`, { keys: some }));
  }
  return out;
}

export interface DerivedEdge {
  from: string;
  to: string;
  props: Props;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

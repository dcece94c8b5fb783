// Small read/write helpers for the derive step: properties set by key in
// batches and derived relationships, each written only where it changed.
import type { GraphStore, Row } from '../graph/store.js';
import type { EdgeType, Props } from '../graph/records.js';
import { EDGE_TYPES } from '../graph/records.js';
import { BATCH_SIZE as BATCH, chunks, stripUndefined } from '../graph/batches.js';
import { contentHash } from '../graph/writer.js';
import { append } from '../util/arrays.js';

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  if (!PROPERTY_NAME.test(label)) throw new Error(`label ${JSON.stringify(label)} is not a plain name`);
  const where = `n.removedAt IS NULL${options.where ? ` AND (${options.where})` : ''}`;
  const keys = (await store.read(`MATCH (n:${label}) WHERE ${where} RETURN n.key AS key`)).map((r) => String(r.key));
  const out: Row[] = [];
  for (const some of chunks(keys, options.page ?? READ_PAGE)) {
    append(out, await store.read(`UNWIND $keys AS k MATCH (n:Entity {key: k}) WHERE n:${label} AND ${where} RETURN ${returns}`, { keys: some }));
  }
  return out;
}

/** Two stored values are the same: null and absent alike, lists by content. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Set derived properties by key, writing only the nodes where one of them
 * changed (read first, in the same batches): an unchanged re-scan writes none.
 * A node written carries `derivedRun`, the run that last changed what derive
 * holds on it: a finding about it is built again (src/findings/reuse.ts).
 */
export async function setProps(store: GraphStore, rows: { key: string; props: Props }[], run?: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({ key: r.key, props: stripUndefined(r.props) }));
    const names = [...new Set(batch.flatMap((r) => Object.keys(r.props)))];
    for (const n of names) if (!PROPERTY_NAME.test(n)) throw new Error(`derived property name ${JSON.stringify(n)} is not a plain name`);
    if (!names.length) continue;
    const current = new Map<string, Record<string, unknown>>();
    for (const r of await store.read(
      `UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN n.key AS key, ${names.map((n, j) => `n.${n} AS p${j}`).join(', ')}`,
      { keys: batch.map((r) => r.key) },
    )) {
      current.set(String(r.key), Object.fromEntries(names.map((n, j) => [n, r[`p${j}`]])));
    }
    const changed = batch.filter((r) => {
      const now = current.get(r.key);
      return now !== undefined && Object.entries(r.props).some(([k, v]) => !same(now[k], v));
    });
    if (!changed.length) continue;
    await store.write('UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n += r.props, n.derivedRun = $run', { rows: changed, run: run ?? null });
  }
}

/**
 * Label identities `NHI` or `Account` (and take the other label away) where
 * they are not already, judged from the labels read with them: only the
 * identities whose label changes are written.
 */
export async function relabel(store: GraphStore, identities: { key: string; labels: string[] }[], add: 'NHI' | 'Account', run?: string): Promise<void> {
  const remove = add === 'NHI' ? 'Account' : 'NHI';
  const todo = identities.filter((i) => !i.labels.includes(add) || i.labels.includes(remove)).map((i) => i.key);
  for (let i = 0; i < todo.length; i += BATCH) {
    await store.write(`UNWIND $keys AS k MATCH (n:Entity {key: k}) SET n:${add}, n.derivedRun = $run REMOVE n:${remove}`, {
      keys: todo.slice(i, i + BATCH),
      run: run ?? null,
    });
  }
}

export interface DerivedEdge {
  from: string;
  to: string;
  props: Props;
}

/**
 * Make the derived relationships of this type exactly `edges`: the ones
 * already there with the same content stay untouched, the others are
 * dropped, the missing ones created. Each carries `contentHash`.
 */
export async function replaceDerivedEdges(store: GraphStore, type: EdgeType, edges: DerivedEdge[]): Promise<void> {
  if (!EDGE_TYPES.includes(type)) throw new Error(`unknown relationship type ${type}`);
  const id = (from: string, to: string, hash: string) => `${from}\0${to}\0${hash}`;
  const wanted = new Map<string, { rows: { from: string; to: string; hash: string; props: Record<string, unknown> }[] }>();
  for (const e of edges) {
    const props = stripUndefined(e.props);
    const hash = contentHash(type, props);
    const k = id(e.from, e.to, hash);
    const entry = wanted.get(k);
    if (entry) entry.rows.push({ from: e.from, to: e.to, hash, props });
    else wanted.set(k, { rows: [{ from: e.from, to: e.to, hash, props }] });
  }
  const have = new Map<string, number>();
  let legacy = false;
  for (const r of await store.read(
    `MATCH (a:Entity)-[e:${type}]->(b:Entity) WHERE e.source = 'derived' RETURN a.key AS from, b.key AS to, e.contentHash AS hash`,
  )) {
    if (typeof r.hash !== 'string') {
      legacy = true; // written before content hashes: rebuilt once
      continue;
    }
    const k = id(String(r.from), String(r.to), r.hash);
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  if (legacy) await store.write(`MATCH ()-[e:${type}]->() WHERE e.source = 'derived' AND e.contentHash IS NULL DELETE e`);
  const drop: { from: string; to: string; hash: string }[] = [];
  const create: { from: string; to: string; hash: string; props: Record<string, unknown> }[] = [];
  for (const [k, count] of have) {
    const want = wanted.get(k)?.rows.length ?? 0;
    if (want === count) continue;
    const [from, to, hash] = k.split('\0') as [string, string, string];
    drop.push({ from, to, hash });
  }
  for (const [k, { rows }] of wanted) if ((have.get(k) ?? 0) !== rows.length) append(create, rows);
  for (let i = 0; i < drop.length; i += BATCH) {
    await store.write(
      `UNWIND $rows AS r
       MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to})
       WHERE e.source = 'derived' AND e.contentHash = r.hash
       DELETE e`,
      { rows: drop.slice(i, i + BATCH) },
    );
  }
  for (let i = 0; i < create.length; i += BATCH) {
    await store.write(
      `UNWIND $rows AS r
       MATCH (a:Entity {key: r.from})
       MATCH (b:Entity {key: r.to})
       CREATE (a)-[e:${type}]->(b)
       SET e += r.props, e.source = 'derived', e.contentHash = r.hash`,
      { rows: create.slice(i, i + BATCH) },
    );
  }
}

/** Append to the list under `key` (in place: building lists by copying is quadratic). */

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

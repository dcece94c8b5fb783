// How the derive step reads and writes the graph. A read returns its rows
// sorted by key, whatever order the engine keeps (which person wins two
// records with one email must not depend on it), and a derived property,
// label or relationship is written only where it changed, so an unchanged
// re-scan writes none and `writes` tells whether anything changed.
import type { GraphStore, Row } from '../graph/store.js';
import type { EdgeType, Props } from '../graph/records.js';
import { EDGE_TYPES } from '../graph/records.js';
import { BATCH_SIZE as BATCH, chunks, stripUndefined } from '../graph/batches.js';
import { contentHash } from '../graph/writer.js';
import { append } from '../util/arrays.js';
import { PLAIN_NAME, readLive, type DerivedEdge, type LiveReadOptions } from './graph-io.js';

/** Two stored values are the same: null and absent alike, lists by content. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const byKey = (a: Row, b: Row) => {
  const x = String(a.key);
  const y = String(b.key);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A derived relationship as the diff counts it: its ends and its content. */
const derivedId = (from: string, to: string, hash: string) => `${from}\0${to}\0${hash}`;

export class DeriveIO {
  /** Nodes and relationships this derive wrote (a changed property or label, a relationship created or dropped). */
  writes = 0;

  constructor(readonly store: GraphStore) {}

  /** readLive (graph-io.ts), sorted by key: the rows must carry `key`. */
  async readLive(label: string, returns: string, options: LiveReadOptions = {}): Promise<Row[]> {
    return (await readLive(this.store, label, returns, options)).sort(byKey);
  }

  /**
   * Set derived properties by key, writing only the nodes where one of them
   * changed (read first, in the same batches). A node written carries
   * `derivedRun`, the run that last changed what derive holds on it: a
   * finding about it is built again (src/findings/reuse.ts).
   */
  async setProps(rows: { key: string; props: Props }[], run?: string): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => ({ key: r.key, props: stripUndefined(r.props) }));
      const names = [...new Set(batch.flatMap((r) => Object.keys(r.props)))];
      for (const n of names) if (!PLAIN_NAME.test(n)) throw new Error(`derived property name ${JSON.stringify(n)} is not a plain name`);
      if (!names.length) continue;
      const current = new Map<string, Record<string, unknown>>();
      for (const r of await this.store.read(
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
      await this.store.write('UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n += r.props, n.derivedRun = $run', { rows: changed, run: run ?? null });
      this.writes += changed.length;
    }
  }

  /**
   * Label identities `NHI` or `Account` (and take the other label away) where
   * they are not already, judged from the labels read with them: only the
   * identities whose label changes are written.
   */
  async relabel(identities: { key: string; labels: string[] }[], add: 'NHI' | 'Account', run?: string): Promise<void> {
    const remove = add === 'NHI' ? 'Account' : 'NHI';
    const todo = identities.filter((i) => !i.labels.includes(add) || i.labels.includes(remove)).map((i) => i.key);
    for (const keys of chunks(todo, BATCH)) {
      await this.store.write(`UNWIND $keys AS k MATCH (n:Entity {key: k}) SET n:${add}, n.derivedRun = $run REMOVE n:${remove}`, { keys, run: run ?? null });
      this.writes += keys.length;
    }
  }

  /**
   * Make the derived relationships of this type exactly `edges`: the ones
   * already there with the same content stay untouched, the others are
   * dropped, the missing ones created. Each carries `contentHash`.
   */
  async replaceDerivedEdges(type: EdgeType, edges: DerivedEdge[]): Promise<void> {
    if (!EDGE_TYPES.includes(type)) throw new Error(`unknown relationship type ${type}`);
    const wanted = new Map<string, { from: string; to: string; hash: string; props: Record<string, unknown> }[]>();
    for (const e of edges) {
      const props = stripUndefined(e.props);
      const hash = contentHash(type, props);
      const k = derivedId(e.from, e.to, hash);
      const rows = wanted.get(k);
      if (rows) rows.push({ from: e.from, to: e.to, hash, props });
      else wanted.set(k, [{ from: e.from, to: e.to, hash, props }]);
    }
    const have = new Map<string, number>();
    let legacy = false;
    for (const r of await this.store.read(
      `MATCH (a:Entity)-[e:${type}]->(b:Entity) WHERE e.source = 'derived' RETURN a.key AS from, b.key AS to, e.contentHash AS hash`,
    )) {
      if (typeof r.hash !== 'string') {
        legacy = true; // written before content hashes: rebuilt once
        continue;
      }
      const k = derivedId(String(r.from), String(r.to), r.hash);
      have.set(k, (have.get(k) ?? 0) + 1);
    }
    if (legacy) {
      await this.store.write(`MATCH ()-[e:${type}]->() WHERE e.source = 'derived' AND e.contentHash IS NULL DELETE e`);
      this.writes++;
    }
    const drop: { from: string; to: string; hash: string }[] = [];
    const create: { from: string; to: string; hash: string; props: Record<string, unknown> }[] = [];
    for (const [k, count] of have) {
      if ((wanted.get(k)?.length ?? 0) === count) continue;
      const [from, to, hash] = k.split('\0') as [string, string, string];
      drop.push({ from, to, hash });
    }
    for (const [k, rows] of wanted) if ((have.get(k) ?? 0) !== rows.length) append(create, rows);
    for (const rows of chunks(drop, BATCH)) {
      await this.store.write(
        `UNWIND $rows AS r
         MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to})
         WHERE e.source = 'derived' AND e.contentHash = r.hash
         DELETE e`,
        { rows },
      );
    }
    for (const rows of chunks(create, BATCH)) {
      await this.store.write(
        `UNWIND $rows AS r
         MATCH (a:Entity {key: r.from})
         MATCH (b:Entity {key: r.to})
         CREATE (a)-[e:${type}]->(b)
         SET e += r.props, e.source = 'derived', e.contentHash = r.hash`,
        { rows },
      );
    }
    this.writes += drop.length + create.length;
  }
}

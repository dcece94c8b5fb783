// How the derive step reads and writes the graph: the whole graph on a first
// scan, and on a later one only what the load touched, with the rest from the
// memory of the last derive (memory.ts). Either way a read returns the same
// rows in the same order (sorted by key, whatever order the engine keeps),
// and a property or relationship is written only where it changed, so what
// derive works out and writes does not depend on which way it read.
import type { GraphStore, Row } from '../graph/store.js';
import type { EdgeType, Props } from '../graph/records.js';
import { EDGE_TYPES } from '../graph/records.js';
import { BATCH_SIZE as BATCH, chunks, stripUndefined } from '../graph/batches.js';
import { contentHash } from '../graph/writer.js';
import { append } from '../util/arrays.js';
import { emptyMemory, type DeriveMemory } from './memory.js';
import { PLAIN_NAME, readLive, READ_PAGE, type DerivedEdge, type LiveReadOptions } from './graph-io.js';

/** Two stored values are the same: null and absent alike, lists by content. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const byKey = (a: Row, b: Row) => {
  const x = String(a.key);
  const y = String(b.key);
  return x < y ? -1 : x > y ? 1 : 0;
};

const edgeId = (from: string, to: string, hash: string) => `${from}\0${to}\0${hash}`;

/** What one derive read: how many nodes were read again, and how many came from memory. */
export interface DeriveReads {
  /** Rows read from the store. */
  read: number;
  /** Rows taken from the memory of the last derive. */
  remembered: number;
}

export class DeriveIO {
  /** What this derive read and wrote: the next scan's memory. */
  readonly next: DeriveMemory = emptyMemory();
  readonly reads: DeriveReads = { read: 0, remembered: 0 };
  /** Each read's columns that hold a node property or its labels: alias -> property ('' for labels). */
  private readonly columnsOf = new Map<string, Map<string, string>>();
  private readonly whereOf = new Map<string, string>();
  /** Set when a write did not do all it was sent to do: this derive's memory would not describe the store. */
  private doubt: string | null = null;

  /**
   * `was`: the memory of the last derive, trusted only with `touched`, the
   * keys the load wrote since (both null: read everything).
   */
  constructor(
    readonly store: GraphStore,
    private readonly was: DeriveMemory | null = null,
    private readonly touched: ReadonlySet<string> | null = null,
  ) {}

  private get remembering(): boolean {
    return this.was !== null && this.touched !== null;
  }

  /** Why this derive's memory must not be kept, or null. */
  get doubtful(): string | null {
    return this.doubt;
  }

  /**
   * Every node of `label` not removed (and meeting `where`, over connector
   * facts only: never a property derive writes), as `returns` gives it; the
   * rows must carry `key`. Sorted by key.
   */
  async readLive(label: string, returns: string, options: LiveReadOptions = {}): Promise<Row[]> {
    if (!PLAIN_NAME.test(label)) throw new Error(`label ${JSON.stringify(label)} is not a plain name`);
    const id = JSON.stringify([label, returns, options.where ?? '']);
    this.columnsOf.set(id, columnsOf(returns));
    this.whereOf.set(id, options.where ?? '');
    const had = this.remembering ? this.was!.tables.get(id) : undefined;
    let table: Map<string, Row>;
    if (had) {
      table = had;
      const keys = [...this.touched!];
      for (const k of keys) table.delete(k);
      const where = `n.removedAt IS NULL${options.where ? ` AND (${options.where})` : ''}`;
      for (const some of chunks(keys, options.page ?? READ_PAGE)) {
        for (const r of await this.store.read(`UNWIND $keys AS k MATCH (n:Entity {key: k}) WHERE n:${label} AND ${where} RETURN ${returns}`, { keys: some })) {
          table.set(String(r.key), r);
          this.reads.read++;
        }
      }
      this.reads.remembered += table.size;
    } else {
      const rows = await readLive(this.store, label, returns, options);
      this.reads.read += rows.length;
      table = new Map(rows.map((r) => [String(r.key), r]));
    }
    this.next.tables.set(id, table);
    return [...table.values()].sort(byKey);
  }

  /** What the store holds of these derived properties on these nodes (a node not there: absent). */
  private async current(keys: string[], names: string[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    const ask: string[] = [];
    for (const k of keys) {
      const had = this.remembering && !this.touched!.has(k) ? this.was!.props.get(k) : undefined;
      if (had && names.every((n) => n in had)) out.set(k, had);
      else ask.push(k);
    }
    if (ask.length) {
      for (const r of await this.store.read(
        `UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN n.key AS key, ${names.map((n, j) => `n.${n} AS p${j}`).join(', ')}`,
        { keys: ask },
      )) {
        out.set(String(r.key), Object.fromEntries(names.map((n, j) => [n, r[`p${j}`] ?? null])));
      }
    }
    return out;
  }

  /**
   * Set derived properties by key, writing only the nodes where one of them
   * changed: an unchanged re-scan writes none. A node written carries
   * `derivedRun`, the run that last changed what derive holds on it: a
   * finding about it is built again (src/findings/reuse.ts).
   */
  async setProps(rows: { key: string; props: Props }[], run?: string): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => ({ key: r.key, props: stripUndefined(r.props) }));
      const names = [...new Set(batch.flatMap((r) => Object.keys(r.props)))];
      for (const n of names) if (!PLAIN_NAME.test(n)) throw new Error(`derived property name ${JSON.stringify(n)} is not a plain name`);
      if (!names.length) continue;
      this.refuseReadOfDerived(names);
      const current = await this.current(batch.map((r) => r.key), names);
      const changed = batch.filter((r) => {
        const now = current.get(r.key);
        return now !== undefined && Object.entries(r.props).some(([k, v]) => !same(now[k], v));
      });
      if (changed.length) {
        const out = await this.store.write(
          'UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n += r.props, n.derivedRun = $run RETURN count(n) AS written',
          { rows: changed, run: run ?? null },
        );
        if (Number(out[0]?.written ?? 0) !== changed.length) this.doubt = 'a derived property was not written';
      }
      for (const r of batch) {
        if (!current.has(r.key)) continue; // not in the store: nothing written, nothing to remember
        const kept = this.next.props.get(r.key) ?? {};
        for (const [k, v] of Object.entries(r.props)) kept[k] = v ?? null;
        this.next.props.set(r.key, kept);
        this.patchRows(r.key, r.props);
      }
    }
  }

  /**
   * Label identities `NHI` or `Account` (and take the other label away) where
   * they are not already, judged from the labels read with them: only the
   * identities whose label changes are written.
   */
  async relabel(identities: { key: string; labels: string[] }[], add: 'NHI' | 'Account', run?: string): Promise<void> {
    const remove = add === 'NHI' ? 'Account' : 'NHI';
    const todo = identities.filter((i) => !i.labels.includes(add) || i.labels.includes(remove));
    for (const some of chunks(todo, BATCH)) {
      await this.store.write(`UNWIND $keys AS k MATCH (n:Entity {key: k}) SET n:${add}, n.derivedRun = $run REMOVE n:${remove}`, {
        keys: some.map((i) => i.key),
        run: run ?? null,
      });
      for (const i of some) {
        const labels = [...i.labels.filter((l) => l !== remove && l !== add), add];
        this.patchRows(i.key, {}, labels);
      }
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
      const k = edgeId(e.from, e.to, hash);
      const rows = wanted.get(k);
      if (rows) rows.push({ from: e.from, to: e.to, hash, props });
      else wanted.set(k, [{ from: e.from, to: e.to, hash, props }]);
    }
    const have = await this.derivedEdges(type);
    const drop: { from: string; to: string; hash: string }[] = [];
    const create: { from: string; to: string; hash: string; props: Record<string, unknown> }[] = [];
    for (const [k, count] of have) {
      if ((wanted.get(k)?.length ?? 0) === count) continue;
      const [from, to, hash] = k.split('\0') as [string, string, string];
      drop.push({ from, to, hash });
    }
    for (const [k, rows] of wanted) if ((have.get(k) ?? 0) !== rows.length) append(create, rows);
    for (const some of chunks(drop, BATCH)) {
      await this.store.write(
        `UNWIND $rows AS r
         MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to})
         WHERE e.source = 'derived' AND e.contentHash = r.hash
         DELETE e`,
        { rows: some },
      );
    }
    let created = 0;
    for (const some of chunks(create, BATCH)) {
      const out = await this.store.write(
        `UNWIND $rows AS r
         MATCH (a:Entity {key: r.from})
         MATCH (b:Entity {key: r.to})
         CREATE (a)-[e:${type}]->(b)
         SET e += r.props, e.source = 'derived', e.contentHash = r.hash
         RETURN count(e) AS created`,
        { rows: some },
      );
      created += Number(out[0]?.created ?? 0);
    }
    // An end that is not in the store leaves its relationship uncreated: the store then holds less than `wanted`.
    if (created !== create.length) this.doubt = `${create.length - created} derived ${type} relationship(s) had an end missing`;
    this.next.edges.set(type, new Map([...wanted].map(([k, rows]) => [k, rows.length])));
  }

  /** The derived relationships of a type the store holds, as `from\0to\0hash` -> count. */
  private async derivedEdges(type: EdgeType): Promise<Map<string, number>> {
    const have = new Map<string, number>();
    const count = (from: unknown, to: unknown, hash: unknown) => {
      const k = edgeId(String(from), String(to), String(hash));
      have.set(k, (have.get(k) ?? 0) + 1);
    };
    const had = this.remembering ? this.was!.edges.get(type) : undefined;
    if (had) {
      const touched = this.touched!;
      // Remembered where neither end was touched; read again where one was.
      for (const [k, n] of had) {
        const [from, to] = k.split('\0') as [string, string];
        if (!touched.has(from) && !touched.has(to)) have.set(k, n);
      }
      const keys = [...touched];
      for (const some of chunks(keys, READ_PAGE)) {
        for (const r of await this.store.read(
          `UNWIND $keys AS k MATCH (a:Entity {key: k})-[e:${type}]->(b:Entity) WHERE e.source = 'derived' RETURN a.key AS from, b.key AS to, e.contentHash AS hash`,
          { keys: some },
        )) count(r.from, r.to, r.hash);
        for (const r of await this.store.read(
          `UNWIND $keys AS k MATCH (a:Entity)-[e:${type}]->(b:Entity {key: k}) WHERE e.source = 'derived' RETURN a.key AS from, b.key AS to, e.contentHash AS hash`,
          { keys: some },
        )) if (!touched.has(String(r.from))) count(r.from, r.to, r.hash);
      }
      return have;
    }
    let legacy = false;
    for (const r of await this.store.read(
      `MATCH (a:Entity)-[e:${type}]->(b:Entity) WHERE e.source = 'derived' RETURN a.key AS from, b.key AS to, e.contentHash AS hash`,
    )) {
      if (typeof r.hash !== 'string') {
        legacy = true; // written before content hashes: rebuilt once
        continue;
      }
      count(r.from, r.to, r.hash);
    }
    if (legacy) await this.store.write(`MATCH ()-[e:${type}]->() WHERE e.source = 'derived' AND e.contentHash IS NULL DELETE e`);
    return have;
  }

  /** A node's remembered rows now hold what derive just wrote on it (its properties, its labels). */
  private patchRows(key: string, props: Record<string, unknown>, labels?: string[]): void {
    for (const [id, table] of this.next.tables) {
      const row = table.get(key);
      if (!row) continue;
      for (const [alias, property] of this.columnsOf.get(id)!) {
        if (property === '' ? labels !== undefined : property in props) row[alias] = property === '' ? labels : props[property] ?? null;
      }
    }
  }

  /** A read whose condition names a property derive writes would need reading again after each write: refused. */
  private refuseReadOfDerived(names: string[]): void {
    for (const [id, where] of this.whereOf) {
      for (const n of names) {
        if (new RegExp(`\\bn\\.${n}\\b`).test(where)) throw new Error(`derive read ${id} selects by ${n}, a property derive writes`);
      }
    }
  }
}

/** The columns of a RETURN over `n` that hold one of its properties (`n.x AS y`) or its labels (`labels(n) AS y`). */
function columnsOf(returns: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of returns.matchAll(/\bn\.([A-Za-z_]\w*)\s+AS\s+([A-Za-z_]\w*)/g)) out.set(m[2]!, m[1]!);
  for (const m of returns.matchAll(/\blabels\(n\)\s+AS\s+([A-Za-z_]\w*)/g)) out.set(m[1]!, '');
  return out;
}

// Small read/write helpers for the derive step: properties set by key in
// batches, and derived relationships rebuilt from scratch every scan.
import type { GraphStore } from '../graph/store.js';
import type { EdgeType, Props } from '../graph/records.js';
import { EDGE_TYPES } from '../graph/records.js';
import { BATCH_SIZE as BATCH, stripUndefined } from '../graph/batches.js';


export async function setProps(store: GraphStore, rows: { key: string; props: Props }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await store.write('UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n += r.props', {
      rows: rows.slice(i, i + BATCH).map((r) => ({ key: r.key, props: stripUndefined(r.props) })),
    });
  }
}

/** Label identities `NHI` or `Account` (and take the other label away). */
export async function relabel(store: GraphStore, keys: string[], add: 'NHI' | 'Account'): Promise<void> {
  const remove = add === 'NHI' ? 'Account' : 'NHI';
  for (let i = 0; i < keys.length; i += BATCH) {
    await store.write(`UNWIND $keys AS k MATCH (n:Entity {key: k}) SET n:${add} REMOVE n:${remove}`, {
      keys: keys.slice(i, i + BATCH),
    });
  }
}

export interface DerivedEdge {
  from: string;
  to: string;
  props: Props;
}

/** Drop every derived relationship of this type and write the new set. */
export async function replaceDerivedEdges(store: GraphStore, type: EdgeType, edges: DerivedEdge[]): Promise<void> {
  if (!EDGE_TYPES.includes(type)) throw new Error(`unknown relationship type ${type}`);
  await store.write(`MATCH ()-[e:${type}]->() WHERE e.source = 'derived' DELETE e`);
  for (let i = 0; i < edges.length; i += BATCH) {
    await store.write(
      `UNWIND $rows AS r
       MATCH (a:Entity {key: r.from})
       MATCH (b:Entity {key: r.to})
       CREATE (a)-[e:${type}]->(b)
       SET e += r.props, e.source = 'derived'`,
      { rows: edges.slice(i, i + BATCH).map((e) => ({ ...e, props: stripUndefined(e.props) })) },
    );
  }
}

/** Append to the list under `key` (in place: building lists by copying is quadratic). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

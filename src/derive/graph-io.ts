// Small read/write helpers for the derive step: properties set by key in
// batches, and derived relationships rebuilt from scratch every scan.
import type { GraphStore, Row } from '../graph/store.js';
import type { EdgeType, NodeLabel, Props } from '../graph/records.js';
import { EDGE_TYPES, NODE_LABELS } from '../graph/records.js';

const BATCH = 2000;

export async function readAll(store: GraphStore, cypher: string, params = {}): Promise<Row[]> {
  return store.read(cypher, params);
}

export async function setProps(store: GraphStore, rows: { key: string; props: Props }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await store.write('UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n += r.props', {
      rows: rows.slice(i, i + BATCH).map((r) => ({ key: r.key, props: stripUndefined(r.props) })),
    });
  }
}

/** Give `add` the label and take `remove` away (labels are code constants). */
export async function relabel(store: GraphStore, keys: string[], add: NodeLabel | 'NHI' | 'Account', remove: string): Promise<void> {
  if (![...NODE_LABELS, 'NHI', 'Account'].includes(add) || !['NHI', 'Account'].includes(remove)) {
    throw new Error(`relabel: unexpected labels ${add}/${remove}`);
  }
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

function stripUndefined(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

// A container's records are written all or nothing. Its writes go out in
// bounded batches (one transaction each, so no transaction grows with the
// estate), so a write that fails half way (the engine refuses a value, the
// disk fills) has already committed some batches. Before the first batch,
// the writer notes what the container will change: the keys it creates and
// the properties of the records it overwrites. On a failure that note is
// played back: created records are deleted, overwritten ones get their old
// properties back, so the rules that run next see the store as it was.
import type { GraphStore } from '../graph/store.js';
import type { GraphBatch } from '../graph/records.js';
import { EDGE_TYPES } from '../graph/records.js';
import { countChanges, edgeId, RecordHashes, type ExistingRecords } from '../graph/writer.js';
import { chunks } from '../graph/batches.js';
import { addTo } from '../util/arrays.js';

type EdgeRef = { type: string; from: string; to: string };

export interface Journal {
  createdNodes: string[];
  overwrittenNodes: { key: string; props: Record<string, unknown> }[];
  createdEdges: EdgeRef[];
  overwrittenEdges: (EdgeRef & { props: Record<string, unknown> })[];
}

const READ_BATCH = 500;

/** What writing `graph` over `existing` will create and overwrite, with the overwritten records' current properties. */
export async function noteChanges(
  store: GraphStore,
  graph: GraphBatch,
  existing: ExistingRecords,
  olderThanStore = false,
  hashes = new RecordHashes(),
): Promise<Journal> {
  const journal: Journal = { createdNodes: [], overwrittenNodes: [], createdEdges: [], overwrittenEdges: [] };
  const overwritten: string[] = [];
  for (const n of graph.nodes) {
    const had = existing.nodes.get(n.key);
    if (had === undefined) journal.createdNodes.push(n.key);
    else if (!olderThanStore && (existing.removed.has(n.key) || had !== hashes.of(n.label, n).hash)) overwritten.push(n.key);
  }
  for (const keys of chunks(overwritten, READ_BATCH)) {
    for (const r of await store.read('MATCH (n:Entity) WHERE n.key IN $keys RETURN n.key AS key, properties(n) AS props', { keys })) {
      journal.overwrittenNodes.push({ key: String(r.key), props: r.props as Record<string, unknown> });
    }
  }
  const changedEdges: EdgeRef[] = [];
  for (const e of graph.edges) {
    const had = existing.edges.get(edgeId(e.type, e.from, e.to));
    if (had === undefined) journal.createdEdges.push({ type: e.type, from: e.from, to: e.to });
    else if (!olderThanStore && had !== hashes.of(e.type, e).hash) changedEdges.push({ type: e.type, from: e.from, to: e.to });
  }
  for (const rows of chunks(changedEdges, READ_BATCH)) {
    for (const r of await store.read(
      `UNWIND $rows AS r MATCH (a:Entity {key: r.from})-[e]->(b:Entity {key: r.to}) WHERE type(e) = r.type
       RETURN r.type AS type, r.from AS from, r.to AS to, properties(e) AS props`,
      { rows },
    )) {
      journal.overwrittenEdges.push({ type: String(r.type), from: String(r.from), to: String(r.to), props: r.props as Record<string, unknown> });
    }
  }
  return journal;
}

function byType<T extends EdgeRef>(edges: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of edges) {
    if (!(EDGE_TYPES as readonly string[]).includes(e.type)) throw new Error(`unknown relationship type ${e.type}`);
    addTo(out, e.type, e);
  }
  return out;
}

/** Undo what a container wrote: created records deleted, overwritten ones given back their properties. `changed`: as WriteContext.changed. */
export async function takeBack(store: GraphStore, journal: Journal, changed?: { records: number }): Promise<void> {
  countChanges({ changed }, journal.createdNodes.length + journal.overwrittenNodes.length + journal.createdEdges.length + journal.overwrittenEdges.length);
  for (const [type, edges] of byType(journal.createdEdges)) {
    for (const rows of chunks(edges, READ_BATCH)) {
      await store.write(`UNWIND $rows AS r MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to}) DELETE e`, { rows });
    }
  }
  for (const [type, edges] of byType(journal.overwrittenEdges)) {
    for (const rows of chunks(edges, READ_BATCH)) {
      await store.write(`UNWIND $rows AS r MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to}) SET e = r.props`, { rows });
    }
  }
  for (const keys of chunks(journal.createdNodes, READ_BATCH)) {
    await store.write('UNWIND $keys AS k MATCH (n:Entity {key: k}) DETACH DELETE n', { keys });
  }
  for (const rows of chunks(journal.overwrittenNodes, READ_BATCH)) {
    await store.write('UNWIND $rows AS r MATCH (n:Entity {key: r.key}) SET n = r.props', { rows });
  }
}

// The batched writer: graph records -> UNWIND/MERGE statements, a bounded
// batch per transaction, so no statement or transaction grows with the
// estate's size (the store's own memory still grows with the graph).
// Writes are incremental: every record carries `contentHash`, a load reads
// what its source already holds once (readExisting) and writes only what is
// new or changed; what it no longer holds is found by set difference.
// Labels and relationship types come from code constants; every value is a
// parameter.
import type { GraphStore } from './store.js';
import { createHash } from 'node:crypto';
import type { GraphBatch, GraphEdge, GraphNode, NodeLabel, Props } from './records.js';
import { EDGE_TYPES, NODE_LABELS } from './records.js';
import { BATCH_SIZE, chunks, stripUndefined } from './batches.js';
import { addTo } from '../util/arrays.js';

export interface WriteContext {
  /** This run's id (records no longer carry it: removal is by set difference). */
  runId: string;
  now: string;
  batchSize?: number;
  /** The data is older than the store's latest scan: never overwrite what a newer scan wrote. */
  olderThanStore?: boolean;
  /** Counts of what committed so far, kept current batch by batch: a write that fails half way can say what it wrote. */
  written?: { nodes: number; edges: number };
  /** Told every ~50,000 rows, so a long load shows it is moving. */
  onProgress?: (message: string) => void;
  /**
   * How many records this load sent to be written, removed or taken back:
   * counted before each statement, so one that fails half way counts too.
   * A load that changed nothing lets the derive step stand on what the last
   * one wrote (src/derive/derive-state.ts).
   */
  changed?: { records: number };
}

const PROGRESS_EVERY = 50_000;

/** A line each time the count crosses a multiple of PROGRESS_EVERY. */
function tellProgress(ctx: WriteContext, before: number, after: number, total: number, what: string): void {
  if (Math.floor(after / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
    ctx.onProgress?.(`${after.toLocaleString('en')} of ${total.toLocaleString('en')} ${what} written`);
  }
}

export interface WriteStats {
  nodes: number;
  edges: number;
  /** Edges whose endpoint is not in the graph (e.g. a catalog entry naming a deleted role). */
  edgesSkipped: number;
}

/**
 * Properties whose previous value the graph keeps when it changes, with when
 * the change was first seen: HR moves and terminations are measured from it.
 */
const TRACKED: Partial<Record<NodeLabel, string[]>> = {
  Person: ['department', 'status'],
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function nodeStatement(label: NodeLabel, olderThanStore = false): string {
  if (!NODE_LABELS.includes(label)) throw new Error(`unknown node label ${label}`);
  const tracked = TRACKED[label] ?? [];
  const changed = tracked.map(
    (p) => `(n.${p} IS NOT NULL AND r.props.${p} IS NOT NULL AND n.${p} <> r.props.${p}) AS ${p}Changed`,
  );
  const keep = tracked.map(
    (p) =>
      `n.previous${capitalize(p)} = CASE WHEN ${p}Changed THEN n.${p} ELSE n.previous${capitalize(p)} END, ` +
      `n.${p}ChangedAt = CASE WHEN ${p}Changed THEN $now ELSE n.${p}ChangedAt END`,
  );
  return [
    'UNWIND $rows AS r',
    'MERGE (n:Entity {key: r.key})',
    'ON CREATE SET n.firstSeen = $now',
    // Older data only adds what the store never had: a node any scan wrote
    // before (changedAt, or lastSeen in a store from before content hashes)
    // may hold something newer.
    ...(olderThanStore ? ['WITH n, r WHERE n.changedAt IS NULL AND n.lastSeen IS NULL'] : []),
    ...(tracked.length ? [`WITH n, r, ${changed.join(', ')}`, `SET ${keep.join(', ')}`] : []),
    // lastSeen/lastScan were stamped on every row each scan before writes
    // became incremental; a rewritten node drops them (see docs/graph-model.md).
    `SET n:${label}, n += r.props, n.contentHash = r.hash, n.changedAt = $now, n.removedAt = null, n.lastSeen = null, n.lastScan = null`,
    'RETURN count(n) AS written',
  ].join('\n');
}

function edgeStatement(type: string, olderThanStore = false): string {
  if (!(EDGE_TYPES as readonly string[]).includes(type)) throw new Error(`unknown relationship type ${type}`);
  return [
    'UNWIND $rows AS r',
    'MATCH (a:Entity {key: r.from})',
    'MATCH (b:Entity {key: r.to})',
    `MERGE (a)-[e:${type}]->(b)`,
    // Older data adds what is missing and changes nothing a newer scan wrote.
    olderThanStore
      ? 'ON CREATE SET e += r.props, e.source = $source, e.container = a.container, e.contentHash = r.hash'
      : 'SET e += r.props, e.source = $source, e.container = a.container, e.contentHash = r.hash, e.lastScan = null',
    'RETURN count(e) AS written',
  ].join('\n');
}

/** A stable digest of what a record holds: equal digests, nothing to write. */
export function contentHash(kind: string, props: Record<string, unknown>): string {
  const sorted = Object.keys(props)
    .sort()
    .map((k) => [k, props[k]]);
  return createHash('sha1').update(kind).update('\0').update(JSON.stringify(sorted)).digest('base64');
}

/**
 * Each record's properties (without undefined) and content hash, worked out
 * once for one write: taking a container's changes down, writing its nodes
 * and writing its relationships each need them, and hashing every record
 * three times was the largest part of a re-scan's load after parsing. A
 * record must not change while it is being written (none does: they are
 * redacted before).
 */
export class RecordHashes {
  private readonly known = new WeakMap<object, { props: Record<string, unknown>; hash: string }>();

  of(kind: string, record: { props?: Props | Record<string, unknown> | undefined }): { props: Record<string, unknown>; hash: string } {
    let h = this.known.get(record);
    if (!h) {
      const props = stripUndefined(record.props);
      h = { props, hash: contentHash(kind, props) };
      this.known.set(record, h);
    }
    return h;
  }
}

/** What a source already holds in the graph under the containers it loads now: read once per load. */
export interface ExistingRecords {
  /** node key -> content hash ('' when the node predates content hashes) */
  nodes: Map<string, string>;
  /** Keys of nodes already marked removed (seeing one again is a write). */
  removed: Set<string>;
  /** edgeId() -> content hash */
  edges: Map<string, string>;
}

export function edgeId(type: string, from: string, to: string): string {
  return `${type}\0${from}\0${to}`;
}

export async function readExisting(store: GraphStore, source: string, containers: string[]): Promise<ExistingRecords> {
  const existing: ExistingRecords = { nodes: new Map(), removed: new Set(), edges: new Map() };
  // One container per query: a whole source at once can outlast the engine's
  // query timeout at 100,000 people.
  for (const container of containers) {
    for (const r of await store.read(
      `MATCH (n:Entity) WHERE n.source = $source AND n.container = $container
       RETURN n.key AS key, n.contentHash AS hash, n.removedAt IS NOT NULL AS removed`,
      { source, container },
    )) {
      const key = String(r.key);
      existing.nodes.set(key, typeof r.hash === 'string' ? r.hash : '');
      if (r.removed === true) existing.removed.add(key);
    }
    // A relationship's container is its start node's (see edgeStatement).
    for (const r of await store.read(
      `MATCH (a:Entity)-[e]->(b:Entity) WHERE a.container = $container AND e.source = $source AND e.container = $container
       RETURN type(e) AS type, a.key AS from, b.key AS to, e.contentHash AS hash`,
      { source, container },
    )) {
      existing.edges.set(edgeId(String(r.type), String(r.from), String(r.to)), typeof r.hash === 'string' ? r.hash : '');
    }
  }
  return existing;
}

/** What the source held and does not hold now: set difference, computed before anything is written. */
export interface Unseen {
  nodeKeys: string[];
  edges: { type: string; from: string; to: string }[];
}

export function unseenRecords(existing: ExistingRecords, graph: GraphBatch): Unseen {
  const nodesNow = new Set(graph.nodes.map((n) => n.key));
  const edgesNow = new Set(graph.edges.map((e) => edgeId(e.type, e.from, e.to)));
  const nodeKeys: string[] = [];
  for (const key of existing.nodes.keys()) if (!nodesNow.has(key) && !existing.removed.has(key)) nodeKeys.push(key);
  const edges: Unseen['edges'] = [];
  for (const id of existing.edges.keys()) {
    if (edgesNow.has(id)) continue;
    const [type, from, to] = id.split('\0') as [string, string, string];
    edges.push({ type, from, to });
  }
  return { nodeKeys, edges };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    addTo(out, key(item), item);
  }
  return out;
}

/**
 * Write nodes. With `existing` (what the source held), only new, changed or
 * returning nodes are written; the count is of the nodes the graph now holds
 * from this list. Without it every node is upserted.
 */
export async function writeNodes(
  store: GraphStore,
  nodes: GraphNode[],
  ctx: WriteContext,
  existing?: ExistingRecords,
  hashes = new RecordHashes(),
): Promise<number> {
  let written = 0;
  let unchanged = 0;
  for (const [label, group] of groupBy(nodes, (n) => n.label)) {
    const statement = nodeStatement(label as NodeLabel, ctx.olderThanStore);
    const rows: { key: string; hash: string; props: Record<string, unknown> }[] = [];
    for (const n of group) {
      const { props, hash } = hashes.of(label, n);
      const had = existing?.nodes.get(n.key);
      if (had !== undefined && (ctx.olderThanStore || (had === hash && !existing!.removed.has(n.key)))) {
        // Older data never overwrites; the same content needs no write.
        if (!ctx.olderThanStore) unchanged++;
        continue;
      }
      rows.push({ key: n.key, hash, props });
    }
    for (const batch of chunks(rows, ctx.batchSize ?? BATCH_SIZE)) {
      countChanges(ctx, batch.length);
      const out = await store.write(statement, { rows: batch, now: ctx.now });
      const before = written;
      written += Number(out[0]?.written ?? 0);
      if (ctx.written) ctx.written.nodes += written - before;
      tellProgress(ctx, before, written, nodes.length, 'nodes');
    }
  }
  return written + unchanged;
}

/** Count records about to be written, removed or taken back (WriteContext.changed). */
export function countChanges(ctx: { changed?: { records: number } | undefined }, records: number): void {
  if (ctx.changed) ctx.changed.records += records;
}

/** Write relationships; with `existing`, only new or changed ones (see writeNodes). */
export async function writeEdges(
  store: GraphStore,
  edges: GraphEdge[],
  source: string,
  ctx: WriteContext,
  existing?: ExistingRecords,
  hashes = new RecordHashes(),
): Promise<{ written: number; skipped: number }> {
  let written = 0;
  let unchanged = 0;
  let sent = 0;
  for (const [type, group] of groupBy(edges, (e) => e.type)) {
    const statement = edgeStatement(type, ctx.olderThanStore);
    const rows: { from: string; to: string; hash: string; props: Record<string, unknown> }[] = [];
    for (const e of group) {
      const { props, hash } = hashes.of(type, e);
      const had = existing?.edges.get(edgeId(type, e.from, e.to));
      if (had !== undefined && (ctx.olderThanStore || had === hash)) {
        unchanged++;
        continue;
      }
      rows.push({ from: e.from, to: e.to, hash, props });
    }
    sent += rows.length;
    for (const batch of chunks(rows, ctx.batchSize ?? BATCH_SIZE)) {
      countChanges(ctx, batch.length);
      const out = await store.write(statement, { rows: batch, source });
      const before = written;
      written += Number(out[0]?.written ?? 0);
      if (ctx.written) ctx.written.edges += written - before;
      tellProgress(ctx, before, written, edges.length, 'relationships');
    }
  }
  return { written: written + unchanged, skipped: sent - written };
}

/**
 * After a source loaded completely: what it held under these containers and
 * does not hold now (unseenRecords) is marked removed (nodes keep their
 * history) and its relationships are dropped. Never called for a failed source.
 */
export async function markUnseen(
  store: GraphStore,
  source: string,
  unseen: Unseen,
  ctx: WriteContext,
): Promise<{ removedNodes: number; droppedEdges: number }> {
  let removedNodes = 0;
  let droppedEdges = 0;
  for (const keys of chunks(unseen.nodeKeys, ctx.batchSize ?? BATCH_SIZE)) {
    countChanges(ctx, keys.length);
    const out = await store.write(
      `UNWIND $keys AS k MATCH (n:Entity {key: k}) WHERE n.source = $source AND n.removedAt IS NULL
       SET n.removedAt = $now, n.changedAt = $now
       RETURN count(n) AS removed`,
      { keys, source, now: ctx.now },
    );
    removedNodes += Number(out[0]?.removed ?? 0);
  }
  for (const [type, group] of groupBy(unseen.edges, (e) => e.type)) {
    if (!(EDGE_TYPES as readonly string[]).includes(type)) throw new Error(`unknown relationship type ${type}`);
    for (const rows of chunks(group, ctx.batchSize ?? BATCH_SIZE)) {
      countChanges(ctx, rows.length);
      const out = await store.write(
        `UNWIND $rows AS r MATCH (a:Entity {key: r.from})-[e:${type}]->(b:Entity {key: r.to}) WHERE e.source = $source
         DELETE e
         RETURN count(e) AS dropped`,
        { rows, source },
      );
      droppedEdges += Number(out[0]?.dropped ?? 0);
    }
  }
  return { removedNodes, droppedEdges };
}

// The batched writer: graph records -> UNWIND/MERGE statements, a bounded
// batch per transaction, so no statement or transaction grows with the
// estate's size (the store's own memory still grows with the graph).
// Labels and relationship types come from code constants; every value is a
// parameter.
import type { GraphStore } from './store.js';
import type { GraphEdge, GraphNode, NodeLabel } from './records.js';
import { EDGE_TYPES, NODE_LABELS } from './records.js';
import { BATCH_SIZE, chunks, stripUndefined } from './batches.js';

export interface WriteContext {
  /** This run's id: what `lastScan` on every record it wrote holds. */
  runId: string;
  now: string;
  batchSize?: number;
  /** The data is older than the store's latest scan: never overwrite what a newer scan wrote. */
  olderThanStore?: boolean;
  /** Counts of what committed so far, kept current batch by batch: a write that fails half way can say what it wrote. */
  written?: { nodes: number; edges: number };
  /** Told every ~50,000 rows, so a long load shows it is moving. */
  onProgress?: (message: string) => void;
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
    ...(olderThanStore ? ['WITH n, r WHERE n.lastSeen IS NULL OR n.lastSeen <= $now'] : []),
    ...(tracked.length ? [`WITH n, r, ${changed.join(', ')}`, `SET ${keep.join(', ')}`] : []),
    `SET n:${label}, n += r.props, n.lastSeen = $now, n.lastScan = $runId, n.removedAt = null`,
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
      ? 'ON CREATE SET e += r.props, e.source = $source, e.container = a.container, e.lastScan = $runId'
      : 'SET e += r.props, e.source = $source, e.container = a.container, e.lastScan = $runId',
    'RETURN count(e) AS written',
  ].join('\n');
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export async function writeNodes(store: GraphStore, nodes: GraphNode[], ctx: WriteContext): Promise<number> {
  let written = 0;
  for (const [label, group] of groupBy(nodes, (n) => n.label)) {
    const statement = nodeStatement(label as NodeLabel, ctx.olderThanStore);
    for (const batch of chunks(group, ctx.batchSize ?? BATCH_SIZE)) {
      const rows = batch.map((n) => ({ key: n.key, props: stripUndefined(n.props) }));
      const out = await store.write(statement, { rows, now: ctx.now, runId: ctx.runId });
      const before = written;
      written += Number(out[0]?.written ?? 0);
      if (ctx.written) ctx.written.nodes += written - before;
      tellProgress(ctx, before, written, nodes.length, 'nodes');
    }
  }
  return written;
}

export async function writeEdges(
  store: GraphStore,
  edges: GraphEdge[],
  source: string,
  ctx: WriteContext,
): Promise<{ written: number; skipped: number }> {
  let written = 0;
  for (const [type, group] of groupBy(edges, (e) => e.type)) {
    const statement = edgeStatement(type, ctx.olderThanStore);
    for (const batch of chunks(group, ctx.batchSize ?? BATCH_SIZE)) {
      const rows = batch.map((e) => ({ from: e.from, to: e.to, props: stripUndefined(e.props) }));
      const out = await store.write(statement, { rows, source, runId: ctx.runId });
      const before = written;
      written += Number(out[0]?.written ?? 0);
      if (ctx.written) ctx.written.edges += written - before;
      tellProgress(ctx, before, written, edges.length, 'relationships');
    }
  }
  return { written, skipped: edges.length - written };
}

/**
 * After a source loaded completely: what it put in the graph under these
 * containers and did not see now is marked removed (nodes keep their history)
 * and its relationships are dropped. Never called for a failed source.
 */
export async function markUnseen(
  store: GraphStore,
  source: string,
  containers: string[],
  ctx: WriteContext,
): Promise<{ removedNodes: number; droppedEdges: number }> {
  const nodes = await store.write(
    `MATCH (n:Entity) WHERE n.source = $source AND n.container IN $containers
       AND n.lastScan <> $runId AND n.removedAt IS NULL
     SET n.removedAt = $now
     RETURN count(n) AS removed`,
    { source, containers, runId: ctx.runId, now: ctx.now },
  );
  const edges = await store.write(
    `MATCH ()-[e]->() WHERE e.source = $source AND e.container IN $containers AND e.lastScan <> $runId
     DELETE e
     RETURN count(e) AS dropped`,
    { source, containers, runId: ctx.runId },
  );
  return { removedNodes: Number(nodes[0]?.removed ?? 0), droppedEdges: Number(edges[0]?.dropped ?? 0) };
}

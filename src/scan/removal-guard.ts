// A load that would remove most of what a container held is far more often a
// broken export (a truncated list, a filter left on, the wrong account) than
// an estate that emptied overnight. Before anything is written, a container
// whose load would mark more than `maxRemovalShare` of its live records
// removed fails instead, saying how many and why, unless the operator
// accepts the removals (`scan --accept-removals`).
import type { ExistingRecords } from '../graph/writer.js';
import type { GraphBatch } from '../graph/records.js';
import type { ContainerFailure } from '../sources/connector.js';
import { addTo } from '../util/arrays.js';

export const DEFAULT_MAX_REMOVAL_SHARE = 0.5;
/** Below this many live records a container is too small for a share to mean anything. */
const MIN_LIVE = 10;

/** The container a record key belongs to: keys are `source:container:type:id`. */
export function containerOf(key: string, source: string): string {
  return key.slice(source.length + 1, key.indexOf(':', source.length + 1));
}

/**
 * Judged on what the source already holds under `containers` (read by the
 * loader) against `graph`, their complete new records, before anything of
 * them is written. The containers that would remove too much, each alone.
 */
export function removalGuard(
  source: string,
  graph: GraphBatch,
  containers: string[],
  existing: ExistingRecords,
  maxShare: number,
): ContainerFailure[] {
  const live = new Map<string, string[]>();
  for (const key of existing.nodes.keys()) {
    if (existing.removed.has(key)) continue;
    addTo(live, containerOf(key, source), key);
  }
  const seen = new Set(graph.nodes.map((n) => n.key));
  const failures: ContainerFailure[] = [];
  for (const container of containers) {
    const keys = live.get(container) ?? [];
    if (keys.length < MIN_LIVE) continue;
    const removed = keys.filter((k) => !seen.has(k)).length;
    if (removed > maxShare * keys.length) {
      failures.push({
        container,
        error:
          `${container ? `${source}/${container}/` : `${source}/`}: this load would mark ${removed} of its ${keys.length} live records removed ` +
          `(more than maxRemovalShare ${maxShare}): refused as a likely broken or partial export, nothing of it changed. ` +
          `If they are really gone, scan again with --accept-removals`,
      });
    }
  }
  return failures;
}

/** What the source holds, without the refused containers (so nothing of theirs counts as unseen). */
export function existingWithout(existing: ExistingRecords, source: string, refused: Set<string>): ExistingRecords {
  if (!refused.size) return existing;
  const keep = (key: string) => !refused.has(containerOf(key, source));
  return {
    nodes: new Map([...existing.nodes].filter(([k]) => keep(k))),
    removed: new Set([...existing.removed].filter(keep)),
    edges: new Map([...existing.edges].filter(([id]) => keep(id.split('\0')[1]!))),
  };
}

/** The records without those of refused containers (a relationship goes with its start node). */
export function withoutContainers(graph: GraphBatch, refused: Set<string>): GraphBatch {
  if (!refused.size) return graph;
  const keep = new Set<string>();
  const nodes = graph.nodes.filter((n) => {
    const ok = !refused.has(String(n.props.container ?? ''));
    if (ok) keep.add(n.key);
    return ok;
  });
  const edges = graph.edges.filter((e) => keep.has(e.from));
  return { nodes, edges };
}

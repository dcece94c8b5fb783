// A load that would remove most of what a container held is far more often a
// broken export (a truncated list, a filter left on, the wrong account) than
// an estate that emptied overnight. Before anything is written, a container
// whose load would mark more than `maxRemovalShare` of its live records
// removed fails instead, saying how many and why, unless the operator
// accepts the removals (`scan --accept-removals`).
import type { GraphStore } from '../graph/store.js';
import type { ContainerFailure, SourceLoad } from '../sources/connector.js';

export const DEFAULT_MAX_REMOVAL_SHARE = 0.5;
/** Below this many live records a container is too small for a share to mean anything. */
const MIN_LIVE = 10;

export async function removalGuard(
  store: GraphStore,
  source: string,
  load: SourceLoad,
  containers: string[],
  maxShare: number,
): Promise<ContainerFailure[]> {
  const failures: ContainerFailure[] = [];
  for (const container of containers) {
    const rows = await store.read(
      'MATCH (n:Entity) WHERE n.source = $source AND n.container = $container AND n.removedAt IS NULL RETURN n.key AS key',
      { source, container },
    );
    if (rows.length < MIN_LIVE) continue;
    const seen = new Set<string>();
    for (const n of load.graph.nodes) if (n.props.container === container) seen.add(n.key);
    let removed = 0;
    for (const r of rows) if (!seen.has(String(r.key))) removed++;
    if (removed > maxShare * rows.length) {
      failures.push({
        container,
        error:
          `${source}: this load would mark ${removed} of its ${rows.length} live records removed ` +
          `(more than maxRemovalShare ${maxShare}): refused as a likely broken or partial export, nothing of it changed. ` +
          `If they are really gone, scan again with --accept-removals`,
      });
    }
  }
  return failures;
}

/** The load without the records of refused containers. */
export function withoutContainers(load: SourceLoad, refused: Set<string>): SourceLoad {
  if (!refused.size) return load;
  const keep = new Set<string>();
  const nodes = load.graph.nodes.filter((n) => {
    const ok = !refused.has(String(n.props.container));
    if (ok) keep.add(n.key);
    return ok;
  });
  const edges = load.graph.edges.filter((e) => keep.has(e.from));
  return { ...load, containers: load.containers.filter((c) => !refused.has(c)), graph: { nodes, edges } };
}

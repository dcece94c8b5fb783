// What a store's graph says, without the bookkeeping of incremental writes
// (content hashes, when a record last changed, which run changed it): two
// stores that scanned the same snapshots by different paths must give the
// same value.
import { readFindings, toContract } from '../../src/findings/finding-store.js';
import type { GraphStore } from '../../src/graph/store.js';

const NOT_COMPARED = new Set(['contentHash', 'changedAt', 'lastSeen', 'lastScan', 'derivedRun']);

const withoutBookkeeping = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !NOT_COMPARED.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export async function graphOf(store: GraphStore) {
  const nodes = (await store.read('MATCH (n:Entity) RETURN n, labels(n) AS labels ORDER BY n.key')).map((r) => ({
    ...withoutBookkeeping(r.n as Record<string, unknown>),
    labels: [...(r.labels as string[])].sort(),
  }));
  const edges = (await store.read('MATCH (a:Entity)-[e]->(b:Entity) RETURN a.key AS a, type(e) AS t, b.key AS b, properties(e) AS p'))
    .map((r) => JSON.stringify({ a: r.a, t: r.t, b: r.b, p: withoutBookkeeping(r.p as Record<string, unknown>) }))
    .sort();
  const findings = (await readFindings(store)).map(toContract);
  return { nodes, edges, findings };
}

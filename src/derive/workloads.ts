// Workload identity: an identity that acts as another one (a Kubernetes
// service account annotated with an AWS role ARN, a GCP service account
// email or an Entra application id). Connectors declare the strings as
// `actsAsValues` (with `actsAsMethods`, how each was declared); they are
// resolved here against every identity's catalog ids (`catalogId`,
// `catalogIds`), so the join needs no source's name, and it holds only when
// the target's source is in the graph.
import type { GraphStore } from '../graph/store.js';
import type { CatalogView } from './catalog.js';
import { readLive, replaceDerivedEdges, str, strList, type DerivedEdge } from './graph-io.js';
import { addTo } from '../util/arrays.js';

/** identity key -> the keys of the identities it acts as. */
export type ActsAs = Map<string, string[]>;

export async function deriveActsAs(store: GraphStore, catalog: CatalogView, identityKeys: ReadonlySet<string>): Promise<ActsAs> {
  const edges: DerivedEdge[] = [];
  const out: ActsAs = new Map();
  for (const r of await readLive(store, 'Identity', 'n.key AS key, n.actsAsValues AS values, n.actsAsMethods AS methods', {
    where: 'n.actsAsValues IS NOT NULL',
  })) {
    const key = String(r.key);
    const values = strList(r.values);
    const methods = strList(r.methods);
    const seen = new Set<string>();
    values.forEach((value, n) => {
      for (const target of catalog.byCatalogId.get(value.trim().toLowerCase()) ?? []) {
        // Identities only (a catalog id may also name a credential), never itself, once per target.
        if (target === key || !identityKeys.has(target) || seen.has(target)) continue;
        seen.add(target);
        addTo(out, key, target);
        edges.push({ from: key, to: target, props: { method: str(methods[n]) ?? 'declared', value } });
      }
    });
  }
  await replaceDerivedEdges(store, 'ACTS_AS', edges);
  return out;
}

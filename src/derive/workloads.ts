// Workload identity: an identity that acts as another one (a Kubernetes
// service account annotated with an AWS role ARN, a GCP service account
// email or an Entra application id). Connectors declare the strings as
// `actsAsValues` (with `actsAsMethods`, how each was declared); they are
// resolved here against every identity's catalog ids (`catalogId`,
// `catalogIds`), so the join needs no source's name, and it holds only when
// the target's source is in the graph.
import type { DeriveIO } from './derive-io.js';
import type { CatalogView } from './catalog.js';
import { str, type DerivedEdge } from './graph-io.js';
import type { IdentityInfo } from './links.js';
import { addTo } from '../util/arrays.js';

/** identity key -> the keys of the identities it acts as. */
export type ActsAs = Map<string, string[]>;

/** `identities`: every live identity, as derive read them (links.ts), with the values each declares it acts as. */
export async function deriveActsAs(io: DeriveIO, catalog: CatalogView, identities: readonly IdentityInfo[]): Promise<ActsAs> {
  const edges: DerivedEdge[] = [];
  const out: ActsAs = new Map();
  const identityKeys = new Set(identities.map((i) => i.key));
  for (const { key, actsAsValues: values, actsAsMethods: methods } of identities) {
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
  await io.replaceDerivedEdges('ACTS_AS', edges);
  return out;
}

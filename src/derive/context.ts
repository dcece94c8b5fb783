// Where an NHI is expected to act from: `driftgraph.dev/expected-regions` and
// `allowed-cidrs`, declared as tags on it or as annotations on the catalog
// entity that lists it; declarations add up. CIDRs become numeric ranges so
// the Cypher rule can compare them on both stores.
import type { CatalogView } from './catalog.js';
import type { IdentityInfo } from './links.js';
import { cidrRange } from '../util/ip.js';

export function contextDeclarations(identity: IdentityInfo, catalog: CatalogView) {
  const regions = new Set(identity.declaredRegions);
  const cidrs = new Set(identity.declaredCidrs);
  for (const s of catalog.servicesOf.get(identity.key) ?? []) {
    s.expectedRegions.forEach((r) => regions.add(r));
    s.allowedCidrs.forEach((c) => cidrs.add(c));
  }
  // [lo1, hi1, lo2, hi2, ...] as 32-hex-digit strings: IPv4 and IPv6 alike.
  const ranges: string[] = [];
  for (const c of cidrs) {
    const r = cidrRange(c);
    if (r) ranges.push(r[0], r[1]);
  }
  return { expectedRegions: [...regions], allowedCidrs: [...cidrs], allowedRanges: ranges };
}

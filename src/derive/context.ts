// Where an NHI is expected to act from: `driftgraph.dev/expected-regions` and
// `allowed-cidrs`, declared as tags on it or as annotations on the catalog
// entity that lists it; declarations add up. CIDRs become numeric ranges so
// the Cypher rule can compare them on both stores.
import type { CatalogView } from './catalog.js';
import type { IdentityInfo } from './links.js';

/** `10.0.0.0/8` -> [lo, hi] as numbers; null for anything that is not IPv4. */
export function cidrRange(cidr: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return null;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return null;
  const ip = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(ip / size) * size;
  return [lo, lo + size - 1];
}

export function contextDeclarations(identity: IdentityInfo, catalog: CatalogView) {
  const regions = new Set(identity.declaredRegions);
  const cidrs = new Set(identity.declaredCidrs);
  for (const s of catalog.servicesOf.get(identity.key) ?? []) {
    s.expectedRegions.forEach((r) => regions.add(r));
    s.allowedCidrs.forEach((c) => cidrs.add(c));
  }
  const ranges: number[] = [];
  for (const c of cidrs) {
    const r = cidrRange(c);
    if (r) ranges.push(...r);
  }
  return { expectedRegions: [...regions], allowedCidrs: [...cidrs], allowedRanges: ranges };
}

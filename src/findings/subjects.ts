// What a finding says about its subject, its person and its owners, read from
// the graph. A credential that is not stand-alone shares the person and the
// owners of the identity it authenticates as.
import type { GraphStore } from '../graph/store.js';
import type { FindingOwner, FindingSubject } from './finding.js';

export interface SubjectInfo {
  subject: FindingSubject;
  props: Record<string, unknown>;
  person: { key: string; employeeId: string | null; email: string | null; name: string | null } | null;
  owners: FindingOwner[];
}

// properties(n), not n: a whole node costs the engine about twice as much to hand over.
export async function readSubjects(store: GraphStore, keys: string[]): Promise<Map<string, SubjectInfo>> {
  const out = new Map<string, SubjectInfo>();
  if (!keys.length) return out;
  const rows = await store.read(
    `UNWIND $keys AS k
     MATCH (n:Entity {key: k})
     OPTIONAL MATCH (n)-[:AUTHENTICATES_AS]->(i:Identity)
     WITH n, CASE WHEN n:Credential AND coalesce(n.standalone, false) = false AND i IS NOT NULL THEN i ELSE n END AS holder
     OPTIONAL MATCH (holder)-[:LINKED_TO]->(lp:Person)
     WITH n, holder, CASE WHEN n:Person THEN n ELSE lp END AS p
     OPTIONAL MATCH (holder)-[o:OWNED_BY]->(owner:Entity)
     WITH n, p, collect({kind: owner.type, id: CASE WHEN owner.type = 'person' THEN coalesce(owner.email, owner.nativeId) ELSE owner.nativeId END, method: o.method}) AS owners
     RETURN properties(n) AS node, p.key AS personKey, p.employeeId AS employeeId, p.email AS email,
            p.displayName AS personName, owners`,
    { keys },
  );
  for (const r of rows) {
    const node = r.node as Record<string, unknown>;
    const owners: FindingOwner[] = [];
    for (const o of (r.owners as { kind: unknown; id: unknown; method: unknown }[]) ?? []) {
      if (o.id === null || o.id === undefined) continue;
      const kind = o.kind === 'person' ? 'person' : 'team';
      if (!owners.some((x) => x.id === o.id && x.method === o.method)) {
        owners.push({ kind, id: String(o.id), method: String(o.method ?? '') });
      }
    }
    owners.sort((a, b) => (a.id + a.method).localeCompare(b.id + b.method));
    const container = typeof node.container === 'string' && node.container !== '' ? node.container : null;
    out.set(String(node.key), {
      subject: {
        source: String(node.source),
        container,
        type: String(node.type),
        id: String(node.nativeId),
        name: typeof node.name === 'string' ? node.name : null,
      },
      props: node,
      person: r.personKey
        ? {
            key: String(r.personKey),
            employeeId: (r.employeeId as string | null) ?? null,
            email: (r.email as string | null) ?? null,
            name: (r.personName as string | null) ?? null,
          }
        : null,
      owners,
    });
  }
  return out;
}

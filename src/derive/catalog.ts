// What the catalog says about the rest of the graph: which NHIs and
// credentials each service runs as (the `driftgraph.dev/identities`
// annotation), and which people belong to which team.
import type { DeriveIO } from './derive-io.js';
import { str, strList, type DerivedEdge } from './graph-io.js';
import { addTo } from '../util/arrays.js';

export interface ServiceInfo {
  key: string;
  ref: string;
  ownerRef: string | null;
  lifecycle: string | null;
  identities: string[];
  expectedRegions: string[];
  allowedCidrs: string[];
}

export interface CatalogView {
  services: ServiceInfo[];
  /** catalog id (lower case) -> keys of the identities and credentials it names */
  byCatalogId: Map<string, string[]>;
  /** subject key -> services that list it */
  servicesOf: Map<string, ServiceInfo[]>;
  /** team ref -> team key */
  teamByRef: Map<string, string>;
  /** catalog user ref -> email */
  userEmailByRef: Map<string, string>;
}

export async function readCatalog(io: DeriveIO): Promise<CatalogView> {
  const store = io.store;
  const services = (
    await store.read(`MATCH (s:Service) WHERE s.removedAt IS NULL
       RETURN s.key AS key, s.nativeId AS ref, s.ownerRef AS ownerRef, s.lifecycle AS lifecycle,
              s.identities AS identities, s.expectedRegions AS expectedRegions, s.allowedCidrs AS allowedCidrs`,
    )
  ).map((r) => ({
    key: String(r.key),
    ref: String(r.ref),
    ownerRef: str(r.ownerRef),
    lifecycle: str(r.lifecycle),
    identities: strList(r.identities),
    expectedRegions: strList(r.expectedRegions),
    allowedCidrs: strList(r.allowedCidrs),
  }));
  const byCatalogId = new Map<string, string[]>();
  // `catalogIds`: a connector whose identity has several ids the catalog may use (an Entra app id and object ids).
  for (const r of await io.readLive('Entity', 'n.key AS key, n.catalogId AS catalogId, n.catalogIds AS catalogIds', {
    where: '(n:Identity OR n:Credential) AND (n.catalogId IS NOT NULL OR n.catalogIds IS NOT NULL)',
  })) {
    const ids = new Set([...(str(r.catalogId) ? [String(r.catalogId)] : []), ...strList(r.catalogIds)].map((x) => x.toLowerCase()));
    for (const id of ids) addTo(byCatalogId, id, String(r.key));
  }
  const servicesOf = new Map<string, ServiceInfo[]>();
  for (const s of services) {
    for (const id of new Set(s.identities.map((x) => x.toLowerCase()))) {
      for (const key of byCatalogId.get(id) ?? []) addTo(servicesOf, key, s);
    }
  }
  const teamByRef = new Map<string, string>();
  for (const r of await store.read(`MATCH (t:Team) WHERE t.removedAt IS NULL RETURN t.key AS key, t.nativeId AS ref`)) {
    teamByRef.set(String(r.ref).toLowerCase(), String(r.key));
  }
  const userEmailByRef = new Map<string, string>();
  for (const r of await store.read(`MATCH (u:CatalogUser) WHERE u.removedAt IS NULL RETURN u.nativeId AS ref, u.email AS email`,
  )) {
    if (str(r.email)) userEmailByRef.set(String(r.ref).toLowerCase(), String(r.email).toLowerCase());
  }
  return { services, byCatalogId, servicesOf, teamByRef, userEmailByRef };
}

export async function writeRunsAs(io: DeriveIO, view: CatalogView): Promise<void> {
  const edges: DerivedEdge[] = [];
  for (const [key, services] of view.servicesOf) {
    for (const s of services) edges.push({ from: s.key, to: key, props: { method: 'catalog-annotation' } });
  }
  await io.replaceDerivedEdges('RUNS_AS', edges);
}

/** Team membership of people: Group spec.members and User spec.memberOf, through the user's email. Returns the person -> team pairs. */
export async function writeMembership(
  io: DeriveIO,
  view: CatalogView,
  personByEmail: Map<string, string>,
): Promise<DerivedEdge[]> {
  const store = io.store;
  const pairs = new Set<string>();
  const edges: DerivedEdge[] = [];
  const add = (userRef: string, teamRef: string, method: string) => {
    const email = view.userEmailByRef.get(userRef.toLowerCase());
    const person = email ? personByEmail.get(email) : undefined;
    const team = view.teamByRef.get(teamRef.toLowerCase());
    if (!person || !team || pairs.has(person + team)) return;
    pairs.add(person + team);
    edges.push({ from: person, to: team, props: { method } });
  };
  for (const r of await store.read(`MATCH (t:Team) WHERE t.removedAt IS NULL RETURN t.nativeId AS ref, t.members AS members`,
  )) {
    for (const m of strList(r.members)) add(m, String(r.ref), 'group-members');
  }
  for (const r of await store.read(`MATCH (u:CatalogUser) WHERE u.removedAt IS NULL RETURN u.nativeId AS ref, u.memberOf AS memberOf`,
  )) {
    for (const g of strList(r.memberOf)) add(String(r.ref), g, 'user-member-of');
  }
  await io.replaceDerivedEdges('MEMBER_OF', edges);
  return edges;
}

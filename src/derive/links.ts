// Account -> person links (docs/rules.md "Link"), each with its method, so an
// analyst can see why a link exists. Hints come from the connectors
// (`linkValues`/`linkMethods`); manual links come from the config.
import type { DeriveIO } from './derive-io.js';
import type { Config } from '../config/schema.js';
import type { PersonState } from './people.js';
import { str, strList, type DerivedEdge } from './graph-io.js';

export interface IdentityInfo {
  key: string;
  source: string;
  container: string;
  type: string;
  nativeId: string;
  name: string | null;
  isNhi: boolean | null;
  /** Connector fact: an account that is an NHI when the catalog lists it, an owner tag names an owner, or it has no password and no link. */
  mayBeNhi: boolean;
  /** Connector fact: the login owner values and tickets name this account by, as `<loginScheme>:<login>`. */
  login: string | null;
  loginScheme: string | null;
  isRoot: boolean;
  hasPassword: boolean;
  hasOwnerTag: boolean;
  active: boolean;
  privileged: boolean;
  linkValues: string[];
  linkMethods: string[];
  ownerValues: string[];
  ownerMethods: string[];
  declaredRegions: string[];
  declaredCidrs: string[];
  /** Connector fact: ids of the identities this one runs as (a Kubernetes service account's cloud identity), with how each was found. */
  actsAsValues: string[];
  actsAsMethods: string[];
  /** Its labels as stored (NHI or Account is derived): read with the rest, so relabelling needs no second read. */
  labels: string[];
}

export async function readIdentities(io: DeriveIO): Promise<IdentityInfo[]> {
  const rows = await io.readLive(
    'Identity',
    `n.key AS key, n.source AS source, n.container AS container, n.type AS type,
     n.nativeId AS nativeId, n.name AS name, n.isNhi AS isNhi, n.isRoot AS isRoot,
     n.mayBeNhi AS mayBeNhi, n.login AS login, n.loginScheme AS loginScheme,
     n.hasPassword AS hasPassword, n.hasOwnerTag AS hasOwnerTag, n.active AS active,
     n.privileged AS privileged, n.linkValues AS linkValues, n.linkMethods AS linkMethods,
     n.ownerValues AS ownerValues, n.ownerMethods AS ownerMethods,
     n.declaredRegions AS declaredRegions, n.declaredCidrs AS declaredCidrs,
     n.actsAsValues AS actsAsValues, n.actsAsMethods AS actsAsMethods, labels(n) AS labels`,
  );
  return rows.map((r) => ({
    key: String(r.key),
    source: String(r.source),
    container: String(r.container ?? ''),
    type: String(r.type),
    nativeId: String(r.nativeId),
    name: str(r.name),
    // What a connector declares. An identity that may be an NHI declares nothing: what it holds is derive's own last answer, worked out again.
    isNhi: r.mayBeNhi !== true && typeof r.isNhi === 'boolean' ? r.isNhi : null,
    isRoot: r.isRoot === true,
    mayBeNhi: r.mayBeNhi === true,
    login: str(r.login),
    loginScheme: str(r.loginScheme),
    hasPassword: r.hasPassword === true,
    hasOwnerTag: r.hasOwnerTag === true,
    active: r.active === true,
    privileged: r.privileged === true,
    linkValues: strList(r.linkValues),
    linkMethods: strList(r.linkMethods),
    ownerValues: strList(r.ownerValues),
    ownerMethods: strList(r.ownerMethods),
    declaredRegions: strList(r.declaredRegions),
    declaredCidrs: strList(r.declaredCidrs),
    actsAsValues: strList(r.actsAsValues),
    actsAsMethods: strList(r.actsAsMethods),
    labels: strList(r.labels),
  }));
}

export interface PeopleIndex {
  byEmail: Map<string, string>;
  byEmployeeId: Map<string, string>;
}

export function indexPeople(people: PersonState[]): PeopleIndex {
  const byEmail = new Map<string, string>();
  const byEmployeeId = new Map<string, string>();
  for (const p of people) {
    if (p.email) byEmail.set(p.email, p.key);
    if (p.employeeId) byEmployeeId.set(p.employeeId.toLowerCase(), p.key);
  }
  return { byEmail, byEmployeeId };
}

export function resolvePerson(value: string, people: PeopleIndex): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.startsWith('email:')) return people.byEmail.get(v.slice(6));
  if (v.startsWith('employee:')) return people.byEmployeeId.get(v.slice(9));
  return people.byEmail.get(v) ?? people.byEmployeeId.get(v);
}

/** identity key -> person key, with the methods that tie them. */
export type Links = Map<string, { person: string; methods: string[] }>;

export function computeLinks(identities: IdentityInfo[], people: PeopleIndex, config: Config): Links {
  const links: Links = new Map();
  const add = (identity: string, person: string, method: string) => {
    const l = links.get(identity);
    if (!l) links.set(identity, { person, methods: [method] });
    // One person per account: the first method found wins, others only agree.
    else if (l.person === person && !l.methods.includes(method)) l.methods.push(method);
  };
  for (const manual of config.links?.manual ?? []) {
    const person = resolvePerson(manual.person, people);
    if (!person) continue;
    for (const i of identities) if (matchesAccount(i, manual)) add(i.key, person, 'manual');
  }
  for (const i of identities) {
    if (i.isNhi === true || i.isRoot) continue;
    i.linkValues.forEach((value, n) => {
      const person = resolvePerson(value, people);
      if (person) add(i.key, person, i.linkMethods[n] ?? 'email');
    });
  }
  return links;
}

export function matchesAccount(
  i: IdentityInfo,
  decl: { source: string; container?: string | undefined; account: string },
): boolean {
  if (i.source !== decl.source) return false;
  if (decl.container !== undefined && decl.container !== i.container) return false;
  const a = decl.account.toLowerCase();
  return i.nativeId.toLowerCase() === a || (i.name ?? '').toLowerCase() === a;
}

export async function writeLinks(io: DeriveIO, links: Links): Promise<void> {
  const edges: DerivedEdge[] = [...links].map(([identity, l]) => ({
    from: identity,
    to: l.person,
    props: { method: l.methods[0]!, methods: l.methods },
  }));
  await io.replaceDerivedEdges('LINKED_TO', edges);
}

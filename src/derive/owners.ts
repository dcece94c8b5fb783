// Owners of NHIs and stand-alone credentials (docs/rules.md "Owner"): the
// catalog, owner tags, a login (`<scheme>:<login>`, e.g. GitHub `added_by` or
// an Entra directory owner), an email in a description. A
// value that names no known person or team is kept as `unresolvedOwners` (it
// shows in the evidence) but is no owner.
import type { GraphStore } from '../graph/store.js';
import type { DeriveIO } from './derive-io.js';
import { addTo } from '../util/arrays.js';
import type { CatalogView } from './catalog.js';
import type { IdentityInfo, Links, PeopleIndex } from './links.js';
import { strList, type DerivedEdge } from './graph-io.js';
import { normalizeRef } from '../util/entity-ref.js';

export interface OwnerTarget {
  key: string;
  kind: 'person' | 'team';
}

export interface OwnerContext {
  people: PeopleIndex;
  catalog: CatalogView;
  /** `<loginScheme>:<login>` (lower case) -> person key, through the account's link. */
  personByLogin: Map<string, string>;
  /** Workload identity joins (workloads.ts): identity key -> the identities it acts as. */
  actsAs?: Map<string, string[]>;
  /** Owners access reviews named (readReviewedOwners). */
  reviewed: ReviewedOwners;
}

/** subject key -> the owners access reviews named for it (a reassign decision). */
export type ReviewedOwners = Map<string, string[]>;

/** The owners access reviews named: read once a scan, for the owners and for the derive digest (derive-state.ts). */
export async function readReviewedOwners(store: GraphStore): Promise<ReviewedOwners> {
  const reviewed: ReviewedOwners = new Map();
  for (const r of await store.read('MATCH (o:ReviewOwner) RETURN o.subjectKey AS key, o.owner AS owner')) addTo(reviewed, String(r.key), String(r.owner));
  return reviewed;
}


export function resolveOwner(value: string, ctx: OwnerContext): OwnerTarget | null {
  const v = value.trim();
  if (!v) return null;
  const byLogin = ctx.personByLogin.get(v.toLowerCase());
  if (byLogin) return { key: byLogin, kind: 'person' };
  if (v.includes('@') && !v.includes(':')) {
    const person = ctx.people.byEmail.get(v.toLowerCase());
    return person ? { key: person, kind: 'person' } : null;
  }
  const ref = normalizeRef(v, 'group');
  if (!ref) return null;
  if (ref.startsWith('group:')) {
    const team = ctx.catalog.teamByRef.get(ref);
    return team ? { key: team, kind: 'team' } : null;
  }
  if (ref.startsWith('user:')) {
    const email = ctx.catalog.userEmailByRef.get(ref);
    const person = email ? ctx.people.byEmail.get(email) : undefined;
    return person ? { key: person, kind: 'person' } : null;
  }
  return null;
}

interface Ownable {
  key: string;
  ownerValues: string[];
  ownerMethods: string[];
}

export async function deriveOwners(
  io: DeriveIO,
  identities: IdentityInfo[],
  ctx: OwnerContext,
  run?: string,
): Promise<Map<string, OwnerTarget[]>> {
  const standalone: Ownable[] = (
    await io.readLive('Credential', 'n.key AS key, n.ownerValues AS ownerValues, n.ownerMethods AS ownerMethods', { where: 'n.standalone = true' })
  ).map((r) => ({ key: String(r.key), ownerValues: strList(r.ownerValues), ownerMethods: strList(r.ownerMethods) }));
  const ownables: Ownable[] = [...identities.filter((i) => i.isNhi === true), ...standalone];
  const edges: DerivedEdge[] = [];
  const updates: { key: string; props: { unresolvedOwners: string[]; ownerCount: number } }[] = [];
  const owners = new Map<string, OwnerTarget[]>();
  for (const o of ownables) {
    const declared: { value: string; method: string }[] = o.ownerValues.map((value, n) => ({
      value,
      method: o.ownerMethods[n] ?? 'declared',
    }));
    for (const s of ctx.catalog.servicesOf.get(o.key) ?? []) {
      if (s.ownerRef) declared.push({ value: s.ownerRef, method: `catalog:${s.ref}` });
    }
    // Owners an access review named: owners like any declared one, with method `review`.
    for (const value of ctx.reviewed.get(o.key) ?? []) declared.push({ value, method: 'review' });
    const found: OwnerTarget[] = [];
    const unresolved: string[] = [];
    const seen = new Set<string>();
    for (const d of declared) {
      const target = resolveOwner(d.value, ctx);
      if (!target) {
        if (!unresolved.includes(d.value)) unresolved.push(d.value);
        continue;
      }
      if (!found.some((f) => f.key === target.key)) found.push(target);
      if (seen.has(target.key + d.method)) continue;
      seen.add(target.key + d.method);
      edges.push({ from: o.key, to: target.key, props: { method: d.method, value: d.value } });
    }
    owners.set(o.key, found);
    updates.push({ key: o.key, props: { unresolvedOwners: unresolved, ownerCount: found.length } });
  }
  inheritThroughWorkloadIdentity(ownables, owners, edges, updates, ctx.actsAs);
  // Services are owned too, for analysts walking from a team to what it runs.
  for (const s of ctx.catalog.services) {
    const target = s.ownerRef ? resolveOwner(s.ownerRef, ctx) : null;
    if (target) edges.push({ from: s.key, to: target.key, props: { method: 'catalog', value: s.ownerRef } });
  }
  await io.replaceDerivedEdges('OWNED_BY', edges);
  await io.setProps(updates, run);
  return owners;
}

/**
 * An NHI that declares no owner of its own but acts as another identity (a
 * Kubernetes service account running as a GCP service account) is owned by
 * that identity's owners: who answers for the cloud identity answers for
 * the workload that uses it. Only owners of its own count for the target,
 * so a chain never loops.
 */
function inheritThroughWorkloadIdentity(
  ownables: Ownable[],
  owners: Map<string, OwnerTarget[]>,
  edges: DerivedEdge[],
  updates: { key: string; props: { unresolvedOwners: string[]; ownerCount: number } }[],
  actsAs: Map<string, string[]> | undefined,
): void {
  if (!actsAs?.size) return;
  const own = new Map([...owners].map(([k, v]) => [k, v.slice()]));
  const values = new Map<string, string>();
  for (const e of edges) values.set(`${e.from}\0${e.to}`, String(e.props.value ?? ''));
  const updateOf = new Map(updates.map((u) => [u.key, u]));
  for (const o of ownables) {
    if ((own.get(o.key)?.length ?? 0) > 0) continue;
    const found: OwnerTarget[] = [];
    for (const target of actsAs.get(o.key) ?? []) {
      for (const w of own.get(target) ?? []) {
        if (found.some((f) => f.key === w.key)) continue;
        found.push(w);
        edges.push({ from: o.key, to: w.key, props: { method: 'workload-identity', value: values.get(`${target}\0${w.key}`) ?? '', via: target } });
      }
    }
    if (!found.length) continue;
    owners.set(o.key, found);
    const u = updateOf.get(o.key);
    if (u) u.props.ownerCount = found.length;
  }
}

/** Person of each declared login (`<scheme>:<login>`), for owner values that name an account. */
export function personByLogin(identities: IdentityInfo[], links: Links): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of identities) {
    if (!i.login || !i.loginScheme) continue;
    const l = links.get(i.key);
    if (l) out.set(`${i.loginScheme}:${i.login}`.toLowerCase(), l.person);
  }
  return out;
}

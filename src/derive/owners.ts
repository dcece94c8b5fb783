// Owners of NHIs and stand-alone credentials (docs/rules.md "Owner"): the
// catalog, owner tags, a login (`<scheme>:<login>`, e.g. GitHub `added_by` or
// an Entra directory owner), an email in a description. A
// value that names no known person or team is kept as `unresolvedOwners` (it
// shows in the evidence) but is no owner.
import type { GraphStore } from '../graph/store.js';
import type { CatalogView } from './catalog.js';
import type { IdentityInfo, Links, PeopleIndex } from './links.js';
import { replaceDerivedEdges, setProps, strList, type DerivedEdge } from './graph-io.js';
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
  store: GraphStore,
  identities: IdentityInfo[],
  ctx: OwnerContext,
  run?: string,
): Promise<Map<string, OwnerTarget[]>> {
  const standalone: Ownable[] = (
    await store.read(`MATCH (c:Credential) WHERE c.removedAt IS NULL AND c.standalone = true
       RETURN c.key AS key, c.ownerValues AS ownerValues, c.ownerMethods AS ownerMethods`,
    )
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
  // Services are owned too, for analysts walking from a team to what it runs.
  for (const s of ctx.catalog.services) {
    const target = s.ownerRef ? resolveOwner(s.ownerRef, ctx) : null;
    if (target) edges.push({ from: s.key, to: target.key, props: { method: 'catalog', value: s.ownerRef } });
  }
  await replaceDerivedEdges(store, 'OWNED_BY', edges);
  await setProps(store, updates, run);
  return owners;
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

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

/** A subject node as read: what the finding says of it, and (read whole) its properties. */
export interface SubjectNode {
  key: string;
  subject: FindingSubject;
  /** Its properties, when read whole. */
  props: Record<string, unknown> | null;
  person: SubjectInfo['person'];
  /** A credential that is not stand-alone: its person and owners are its identity's. */
  sharesHolder: boolean;
  /**
   * What, besides its person and owners, can change a finding about it
   * without changing its key or type: its loaded content (contentHash),
   * removal, what derive last changed on it (derivedRun), its labels. Not
   * the access figures a scan records after its findings (lastAccessAt,
   * lastValidAt, holderKey, ...): no title or remediation reads them.
   */
  state: unknown[];
}

const LIGHT = `n.source AS source, n.container AS container, n.type AS type, n.nativeId AS nativeId, n.name AS name,
  n.employeeId AS employeeId, n.email AS email, n.displayName AS displayName,
  [n.contentHash, n.removedAt, n.firstSeen, n.derivedRun, n.lastSeen, n.lastScan] AS state, labels(n) AS labels`;

/**
 * The subject nodes of these keys: `whole` reads every property (what a
 * remediation template may use), else only what a finding names and
 * what says it changed. properties(n), not n: a whole node costs the engine
 * about twice as much to hand over, and a light read far less again.
 */
export async function readSubjectNodes(store: GraphStore, keys: string[], whole: boolean): Promise<Map<string, SubjectNode>> {
  const out = new Map<string, SubjectNode>();
  if (!keys.length) return out;
  for (const r of await store.read(
    `UNWIND $keys AS k
     MATCH (n:Entity {key: k})
     RETURN k AS key, ${whole ? 'properties(n) AS node, ' : ''}${LIGHT}, n:Person AS isPerson,
            n:Credential AND coalesce(n.standalone, false) = false AS sharesHolder`,
    { keys },
  )) {
    const key = String(r.key);
    const container = typeof r.container === 'string' && r.container !== '' ? r.container : null;
    out.set(key, {
      key,
      subject: { source: String(r.source), container, type: String(r.type), id: String(r.nativeId), name: typeof r.name === 'string' ? r.name : null },
      props: whole ? (r.node as Record<string, unknown>) : null,
      person: r.isPerson === true ? personRef({ key, employeeId: r.employeeId, email: r.email, name: r.displayName }) : null,
      sharesHolder: r.sharesHolder === true,
      state: [...(Array.isArray(r.state) ? r.state : []), Array.isArray(r.labels) ? [...r.labels].map(String).sort() : []],
    });
  }
  return out;
}

/**
 * The person and owners of each subject: three plain MATCH reads assembled
 * here, not one query of OPTIONAL MATCHes: the embedded engine answers an
 * OPTIONAL MATCH by scanning far more than the pattern (at 100,000 people,
 * 2,000 subjects took 260 ms that way against under 20 ms for these).
 */
export async function readPeopleAndOwners(
  store: GraphStore,
  nodes: Iterable<SubjectNode>,
): Promise<Map<string, { person: SubjectInfo['person']; owners: FindingOwner[] }>> {
  const list = [...nodes];
  // A credential that is not stand-alone shares its identity's person and owners.
  const holderOf = new Map<string, string>(list.map((n) => [n.key, n.key]));
  const sharing = list.filter((n) => n.sharesHolder).map((n) => n.key);
  if (sharing.length) {
    for (const r of await store.read(
      `UNWIND $keys AS k MATCH (n:Entity {key: k})-[:AUTHENTICATES_AS]->(i:Identity) RETURN k AS key, i.key AS holder`,
      { keys: sharing },
    )) {
      holderOf.set(String(r.key), String(r.holder));
    }
  }
  const holders = [...new Set(holderOf.values())];
  const personOf = new Map<string, { key: string; employeeId: string | null; email: string | null; name: string | null }>();
  const ownersOf = new Map<string, FindingOwner[]>();
  if (holders.length) {
    for (const r of await store.read(
      `UNWIND $keys AS k MATCH (h:Entity {key: k})-[:LINKED_TO]->(p:Person)
       RETURN k AS holder, p.key AS key, p.employeeId AS employeeId, p.email AS email, p.displayName AS name`,
      { keys: holders },
    )) {
      // More than one link: the same one the single query kept is not defined either; keep the first.
      if (!personOf.has(String(r.holder))) personOf.set(String(r.holder), personRef(r));
    }
    for (const r of await store.read(
      `UNWIND $keys AS k MATCH (h:Entity {key: k})-[o:OWNED_BY]->(owner:Entity)
       RETURN k AS holder, owner.type AS kind,
              CASE WHEN owner.type = 'person' THEN coalesce(owner.email, owner.nativeId) ELSE owner.nativeId END AS id,
              o.method AS method`,
      { keys: holders },
    )) {
      if (r.id === null || r.id === undefined) continue;
      const list = ownersOf.get(String(r.holder)) ?? [];
      const owner: FindingOwner = { kind: r.kind === 'person' ? 'person' : 'team', id: String(r.id), method: String(r.method ?? '') };
      if (!list.some((x) => x.id === owner.id && x.method === owner.method)) list.push(owner);
      ownersOf.set(String(r.holder), list);
    }
  }
  const out = new Map<string, { person: SubjectInfo['person']; owners: FindingOwner[] }>();
  for (const n of list) {
    const holder = holderOf.get(n.key)!;
    const owners = (ownersOf.get(holder) ?? []).slice().sort((a, b) => (a.id + a.method).localeCompare(b.id + b.method));
    out.set(n.key, { person: n.person ?? personOf.get(holder) ?? null, owners });
  }
  return out;
}

/** Subjects read whole, with their person and owners. */
export async function readSubjects(store: GraphStore, keys: string[]): Promise<Map<string, SubjectInfo>> {
  const nodes = await readSubjectNodes(store, keys, true);
  const who = await readPeopleAndOwners(store, nodes.values());
  const out = new Map<string, SubjectInfo>();
  for (const [key, n] of nodes) {
    const w = who.get(key)!;
    out.set(key, { subject: n.subject, props: n.props!, person: w.person, owners: w.owners });
  }
  return out;
}

function personRef(r: Record<string, unknown>): { key: string; employeeId: string | null; email: string | null; name: string | null } {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { key: String(r.key), employeeId: str(r.employeeId), email: str(r.email), name: str(r.name) };
}

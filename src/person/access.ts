// A person's whole access, as `driftgraph person ID --format json` prints it
// and the web view's person page shows it: every account in every system
// with how it was linked, what it holds, its credentials and its recent
// activity; the NHIs and credentials the person owns; the services behind
// them; the person's teams; the findings that still stand.
import type { GraphStore, Row } from '../graph/store.js';
import type { Finding } from '../findings/finding.js';
import { readFindings, toContract } from '../findings/finding-store.js';
import { latestScanNow } from '../graph/scan-now.js';

export interface EntitlementView { key: string; id: string; name: string | null; type: string; source: string; container: string | null; privileged: boolean }
export interface CredentialView { key: string; id: string; type: string; name: string | null; active: boolean; createdAt: string | null; lastUsedAt: string | null; expiresAt: string | null; removedAt: string | null }
export interface ActivityView { key: string; type: string; name: string | null; region: string | null; sourceIp: string | null; country: string | null; device: string | null; firstEventAt: string | null; lastEventAt: string | null; events: number | null; lastEventName: string | null }
export interface IdentityView {
  key: string; source: string; container: string | null; type: string; id: string; name: string | null;
  isNhi: boolean; active: boolean; privileged: boolean; privilegeReasons: string[];
  hasPassword: boolean | null; mfaActive: boolean | null; createdAt: string | null; lastUsedAt: string | null; removedAt: string | null;
  entitlements: EntitlementView[]; credentials: CredentialView[]; activity: ActivityView[];
}
export interface AccountView extends IdentityView { linkMethod: string }
export interface OwnedView { kind: 'nhi' | 'credential'; ownerMethod: string; ownerValue: string | null; identity: IdentityView | null; credential: CredentialView | null }
export interface ServiceView { ref: string; name: string | null; kind: string | null; lifecycle: string | null; via: string; through: string }
export interface TeamView { ref: string; name: string | null; method: string | null }

export interface PersonAccess {
  asOf: string | null;
  activityDays: number;
  person: Record<string, unknown>;
  teams: TeamView[];
  accounts: AccountView[];
  owned: OwnedView[];
  services: ServiceView[];
  findings: Finding[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const bool = (v: unknown): boolean => v === true;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const node = (r: Row, k: string) => (r[k] ?? {}) as Record<string, unknown>;

const PERSON_FIELDS = [
  'key', 'employeeId', 'email', 'displayName', 'department', 'title', 'managerEmail', 'country', 'workerType',
  'status', 'startDate', 'endDate', 'isActive', 'isLeaver', 'leftAt', 'joinedAt', 'movedAt', 'moveFrom', 'moveTo',
  'privileged', 'removedAt',
];

function entitlementView(e: Record<string, unknown>): EntitlementView {
  return { key: String(e.key), id: String(e.entitlementId ?? e.nativeId), name: str(e.name), type: String(e.type), source: String(e.source), container: str(e.container) || null, privileged: bool(e.privileged) };
}

export function credentialView(c: Record<string, unknown>): CredentialView {
  return { key: String(c.key), id: String(c.nativeId), type: String(c.type), name: str(c.name), active: bool(c.active), createdAt: str(c.createdAt), lastUsedAt: str(c.lastUsedAt), expiresAt: str(c.expiresAt), removedAt: str(c.removedAt) };
}

function activityView(a: Record<string, unknown>): ActivityView {
  return {
    key: String(a.key), type: String(a.type), name: str(a.name), region: str(a.region), sourceIp: str(a.sourceIp),
    country: str(a.country), device: str(a.device ?? a.deviceId ?? a.deviceName), firstEventAt: str(a.firstEventAt),
    lastEventAt: str(a.lastEventAt), events: num(a.events), lastEventName: str(a.lastEventName),
  };
}

function identityView(a: Record<string, unknown>): IdentityView {
  return {
    key: String(a.key), source: String(a.source), container: str(a.container) || null, type: String(a.type), id: String(a.nativeId), name: str(a.name),
    isNhi: bool(a.isNhi), active: bool(a.active), privileged: bool(a.privileged), privilegeReasons: strs(a.privilegeReasons),
    hasPassword: typeof a.hasPassword === 'boolean' ? a.hasPassword : null, mfaActive: typeof a.mfaActive === 'boolean' ? a.mfaActive : null,
    createdAt: str(a.createdAt), lastUsedAt: str(a.lastUsedAt), removedAt: str(a.removedAt),
    entitlements: [], credentials: [], activity: [],
  };
}

/** Entitlements, credentials and recent activity of these identities, filled in place. */
async function fillIdentities(store: GraphStore, byKey: Map<string, IdentityView>, since: string): Promise<void> {
  const keys = [...byKey.keys()];
  if (!keys.length) return;
  const held = await store.read('MATCH (a:Identity)-[:HOLDS]->(e:Entitlement) WHERE a.key IN $keys RETURN a.key AS k, e ORDER BY e.name', { keys });
  for (const r of held) byKey.get(String(r.k))?.entitlements.push(entitlementView(node(r, 'e')));
  const creds = await store.read('MATCH (c:Credential)-[:AUTHENTICATES_AS]->(a:Identity) WHERE a.key IN $keys RETURN a.key AS k, c ORDER BY c.nativeId', { keys });
  for (const r of creds) byKey.get(String(r.k))?.credentials.push(credentialView(node(r, 'c')));
  const acts = await store.read(
    'MATCH (a:Identity)-[:PERFORMED]->(x:Activity) WHERE a.key IN $keys AND x.lastEventAt >= $since RETURN a.key AS k, x ORDER BY x.lastEventAt DESC',
    { keys, since },
  );
  for (const r of acts) byKey.get(String(r.k))?.activity.push(activityView(node(r, 'x')));
}

/** The whole access of the person with this node key; null when there is none. */
export async function personAccess(
  store: GraphStore,
  personKey: string,
  activityDays = 30,
  allFindings?: Awaited<ReturnType<typeof readFindings>>,
): Promise<PersonAccess | null> {
  const found = await store.read('MATCH (p:Person {key: $key}) RETURN p', { key: personKey });
  if (!found.length) return null;
  const p = node(found[0]!, 'p');
  const person = Object.fromEntries(PERSON_FIELDS.map((f) => [f, p[f] ?? null]));
  const asOf = await latestScanNow(store);
  const since = new Date(Date.parse(asOf ?? new Date().toISOString()) - activityDays * 86_400_000).toISOString();

  const teams = (await store.read('MATCH (p:Person {key: $key})-[m:MEMBER_OF]->(t:Team) RETURN t, m.method AS method ORDER BY t.nativeId', { key: personKey }))
    .map((r) => ({ ref: String(node(r, 't').nativeId), name: str(node(r, 't').name), method: str(r.method) }));

  const linked = await store.read('MATCH (a:Identity)-[l:LINKED_TO]->(p:Person {key: $key}) RETURN a, l.method AS method ORDER BY a.source, a.container, a.name', { key: personKey });
  const accounts: AccountView[] = linked.map((r) => ({ ...identityView(node(r, 'a')), linkMethod: String(r.method ?? '') }));

  const ownedRows = await store.read(
    'MATCH (n)-[o:OWNED_BY]->(p:Person {key: $key}) RETURN n, o.method AS method, o.value AS value ORDER BY n.source, n.container, n.name',
    { key: personKey },
  );
  const owned: OwnedView[] = ownedRows.map((r) => {
    const n = node(r, 'n');
    const isCredential = strs(n._labels).includes('Credential');
    return {
      kind: isCredential ? 'credential' : 'nhi',
      ownerMethod: String(r.method ?? ''),
      ownerValue: str(r.value),
      identity: isCredential ? null : identityView(n),
      credential: isCredential ? credentialView(n) : null,
    };
  });

  const byKey = new Map<string, IdentityView>();
  for (const a of accounts) byKey.set(a.key, a);
  for (const o of owned) if (o.identity) byKey.set(o.identity.key, o.identity);
  await fillIdentities(store, byKey, since);

  const services: ServiceView[] = [];
  const runsAs = await store.read(
    'MATCH (s:Service)-[:RUNS_AS]->(n) WHERE n.key IN $keys RETURN s, n.name AS through ORDER BY s.nativeId',
    { keys: [...byKey.keys(), ...owned.flatMap((o) => (o.credential ? [o.credential.key] : []))] },
  );
  for (const r of runsAs) {
    const s = node(r, 's');
    services.push({ ref: String(s.nativeId), name: str(s.name), kind: str(s.kind), lifecycle: str(s.lifecycle), via: 'runs as', through: String(r.through ?? '') });
  }
  const teamOwned = await store.read(
    'MATCH (p:Person {key: $key})-[:MEMBER_OF]->(t:Team)<-[:OWNED_BY]-(s:Service) RETURN s, t.nativeId AS team ORDER BY s.nativeId',
    { key: personKey },
  );
  for (const r of teamOwned) {
    const s = node(r, 's');
    services.push({ ref: String(s.nativeId), name: str(s.name), kind: str(s.kind), lifecycle: str(s.lifecycle), via: 'owned by team', through: String(r.team ?? '') });
  }

  const subjectKeys = new Set<string>([personKey, ...byKey.keys(), ...owned.flatMap((o) => (o.credential ? [o.credential.key] : []))]);
  for (const i of byKey.values()) for (const c of i.credentials) subjectKeys.add(c.key);
  const email = str(p.email)?.toLowerCase();
  const findings = (allFindings ?? (await readFindings(store)))
    .filter((f) => f.status !== 'resolved')
    .filter((f) => (f.subjectKey && subjectKeys.has(f.subjectKey)) || (f.person?.employeeId && f.person.employeeId === p.employeeId) || (email && f.person?.email?.toLowerCase() === email))
    .map(toContract);

  return { asOf, activityDays, person, teams, accounts, owned, services, findings };
}

// Which roles each service account holds, and which of them make it
// privileged (docs/sources/kubernetes.md "Privilege"): bound to cluster-admin;
// a role granting `*` verbs on `*` resources; secrets readable cluster-wide
// (get, list or watch on all secrets through a ClusterRoleBinding); or the
// verbs that let a holder grant itself more (bind, escalate, impersonate).
import type { KeptBinding, KeptRole, KeptRule } from './keep.js';

export interface RoleRef {
  /** `cluster-role` or `role`: the Entitlement's type. */
  type: 'cluster-role' | 'role';
  /** `name` for a ClusterRole, `namespace/name` for a Role. */
  id: string;
}

export interface Held {
  role: RoleRef;
  /** The bindings that grant it, `ClusterRoleBinding/name` or `RoleBinding/namespace/name`, sorted. */
  bindings: string[];
  /** Where it applies: `cluster` or the namespaces of its RoleBindings, sorted. */
  scopes: string[];
}

export interface RoleGrants {
  /** Why the role itself is privileged wherever it is bound ([] when it is not). */
  reasons: string[];
  /** It lets its holder read every secret in its scope. */
  readsAllSecrets: boolean;
  /** The role is not in the snapshot: only its name can say anything. */
  unknown: boolean;
}

const READ = new Set(['get', 'list', 'watch', '*']);
const ESCALATION = ['bind', 'escalate', 'impersonate'];

function ruleReasons(r: KeptRule): { reasons: string[]; secrets: boolean } {
  const reasons: string[] = [];
  const anyResource = r.resources.includes('*');
  if (r.verbs.includes('*') && anyResource) reasons.push('grants * on *');
  for (const v of ESCALATION) if (r.verbs.includes(v)) reasons.push(`can ${v}`);
  const coreGroup = r.apiGroups.includes('') || r.apiGroups.includes('*');
  // A rule limited to named secrets does not open all of them.
  const secrets = coreGroup && !r.resourceNames?.length && (anyResource || r.resources.includes('secrets')) && r.verbs.some((v) => READ.has(v));
  return { reasons, secrets };
}

export function roleGrants(role: KeptRole | undefined, ref: RoleRef, privilegedRoles: readonly string[]): RoleGrants {
  const reasons = new Set<string>();
  if (ref.type === 'cluster-role' && ref.id === 'cluster-admin') reasons.add('cluster-admin');
  if (ref.type === 'cluster-role' && privilegedRoles.includes(ref.id)) reasons.add('listed in privilegedRoles');
  let readsAllSecrets = false;
  for (const r of role?.rules ?? []) {
    const x = ruleReasons(r);
    for (const reason of x.reasons) reasons.add(reason);
    readsAllSecrets ||= x.secrets;
  }
  return { reasons: [...reasons].sort(), readsAllSecrets, unknown: role === undefined };
}

/** The service accounts a binding's subject names (`namespace/name`), given every service account of the cluster. */
function subjectAccounts(b: KeptBinding, accounts: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of b.subjects) {
    if (s.kind === 'ServiceAccount') {
      const ns = s.namespace ?? b.metadata.namespace;
      if (ns) out.push(`${ns}/${s.name}`);
    } else if (s.kind === 'Group' && s.name === 'system:serviceaccounts') {
      for (const a of accounts) out.push(a);
    } else if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:')) {
      const ns = s.name.slice('system:serviceaccounts:'.length);
      for (const a of accounts) if (a.startsWith(`${ns}/`)) out.push(a);
    }
  }
  return out;
}

export interface Holdings {
  /** service account (`namespace/name`) -> the roles it holds. */
  held: Map<string, Held[]>;
  /** service account -> why it is privileged. */
  reasons: Map<string, string[]>;
  /** Every role some service account holds, with what it grants. */
  roles: Map<string, { ref: RoleRef; grants: RoleGrants }>;
}

export function holdings(
  accounts: readonly string[],
  clusterRoles: readonly KeptRole[],
  roles: readonly KeptRole[],
  clusterRoleBindings: readonly KeptBinding[],
  roleBindings: readonly KeptBinding[],
  privilegedRoles: readonly string[],
): Holdings {
  const clusterRoleByName = new Map(clusterRoles.map((r) => [r.metadata.name, r]));
  const roleById = new Map(roles.map((r) => [`${r.metadata.namespace ?? ''}/${r.metadata.name}`, r]));
  const known = new Set(accounts);
  const held = new Map<string, Map<string, Held>>();
  const reasons = new Map<string, Set<string>>();
  const roleInfo = new Map<string, { ref: RoleRef; grants: RoleGrants }>();

  const grant = (account: string, ref: RoleRef, binding: string, scope: string, grants: RoleGrants) => {
    if (!known.has(account)) return;
    const key = `${ref.type}:${ref.id}`;
    let mine = held.get(account);
    if (!mine) held.set(account, (mine = new Map()));
    const h = mine.get(key) ?? { role: ref, bindings: [], scopes: [] };
    if (!h.bindings.includes(binding)) h.bindings.push(binding);
    if (!h.scopes.includes(scope)) h.scopes.push(scope);
    mine.set(key, h);
    const why = reasons.get(account) ?? new Set<string>();
    const where = scope === 'cluster' ? 'cluster-wide' : `in namespace ${scope}`;
    for (const r of grants.reasons) why.add(`${r} ${where} (${binding})`);
    if (grants.readsAllSecrets && scope === 'cluster') why.add(`reads secrets cluster-wide (${binding})`);
    if (why.size) reasons.set(account, why);
  };

  for (const b of clusterRoleBindings) {
    if (b.roleRef.kind !== 'ClusterRole') continue;
    const ref: RoleRef = { type: 'cluster-role', id: b.roleRef.name };
    const grants = roleGrants(clusterRoleByName.get(b.roleRef.name), ref, privilegedRoles);
    roleInfo.set(`${ref.type}:${ref.id}`, { ref, grants });
    for (const a of subjectAccounts(b, accounts)) grant(a, ref, `ClusterRoleBinding/${b.metadata.name}`, 'cluster', grants);
  }
  for (const b of roleBindings) {
    const ns = b.metadata.namespace ?? '';
    const ref: RoleRef = b.roleRef.kind === 'ClusterRole' ? { type: 'cluster-role', id: b.roleRef.name } : { type: 'role', id: `${ns}/${b.roleRef.name}` };
    const role = ref.type === 'cluster-role' ? clusterRoleByName.get(ref.id) : roleById.get(ref.id);
    const grants = roleGrants(role, ref, privilegedRoles);
    roleInfo.set(`${ref.type}:${ref.id}`, { ref, grants });
    for (const a of subjectAccounts(b, accounts)) grant(a, ref, `RoleBinding/${ns}/${b.metadata.name}`, ns, grants);
  }
  const sorted = new Map<string, Held[]>();
  for (const [a, m] of held) {
    sorted.set(a, [...m.values()].map((h) => ({ ...h, bindings: h.bindings.sort(), scopes: h.scopes.sort() })));
  }
  return { held: sorted, reasons: new Map([...reasons].map(([a, s]) => [a, [...s].sort()])), roles: roleInfo };
}

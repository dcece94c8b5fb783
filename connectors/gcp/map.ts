// Checked project records -> graph records (docs/graph-model.md). Pure: the
// same snapshot and now give the same records. Projects are mapped together
// because a service agent is told by being listed in *no* project's
// service-accounts.json, and a service account may hold roles in another
// project than its own.
import { identityProps, nodeKey, type GraphBatch, type GraphEdge, type GraphNode, type Props } from '../../src/graph/records.js';
import { latest } from '../../src/util/time.js';
import type { Activity, Binding, ProjectSnapshot, ServiceAccount } from './model.js';
import { descriptionEmails, isPrivilegedRole, parseMember } from './privilege.js';
import { providerTrustIssues } from './trust.js';
import { redactText } from '../../src/util/redact.js';
import { secretNode } from './map-secrets.js';

const SOURCE = 'gcp';
export const accountKey = (project: string, email: string) => nodeKey(SOURCE, project, 'service-account', email);
export const keyKey = (project: string, name: string) => nodeKey(SOURCE, project, 'service-account-key', name);
export const memberKey = (project: string, member: string) => nodeKey(SOURCE, project, 'binding', member);
export const roleKey = (project: string, role: string) => nodeKey(SOURCE, project, 'role-binding', role);
export const providerKey = (project: string, name: string) => nodeKey(SOURCE, project, 'workload-identity-provider', name);

export interface GcpMapResult {
  graph: GraphBatch;
  warnings: string[];
}

/** `.../serviceAccounts/<email or unique id>` or `.../keys/<key id>`: the last segment. */
function lastSegment(fullResourceName: string): string {
  return fullResourceName.slice(fullResourceName.lastIndexOf('/') + 1).toLowerCase();
}

function lastUseBy(activity: Activity[] | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of activity ?? []) {
    if (!a.lastAuthenticated) continue;
    const id = lastSegment(a.fullResourceName);
    const prev = out.get(id);
    if (!prev || a.lastAuthenticated > prev) out.set(id, a.lastAuthenticated);
  }
  return out;
}

interface Grants {
  roles: string[];
  privilegeReasons: string[];
  conditional: boolean;
}

function addGrant(map: Map<string, Grants>, key: string, project: string, b: Binding): void {
  let g = map.get(key);
  if (!g) map.set(key, (g = { roles: [], privilegeReasons: [], conditional: false }));
  const role = `${project}/${b.role}`;
  if (!g.roles.includes(role)) g.roles.push(role);
  if (isPrivilegedRole(b.role) && !g.privilegeReasons.includes(`${b.role} on ${project}`)) g.privilegeReasons.push(`${b.role} on ${project}`);
  if (b.condition) g.conditional = true;
}

export function mapProjects(projects: ProjectSnapshot[], now: string): GcpMapResult {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const warnings: string[] = [];
  const addNode = (n: GraphNode) => nodes.set(n.key, n);
  const addEdge = (e: GraphEdge) => edges.set(`${e.type}|${e.from}|${e.to}`, e);

  // Where each listed service account lives: its node is in that project.
  const home = new Map<string, string>();
  for (const p of projects) for (const sa of p.serviceAccounts) if (!home.has(sa.email)) home.set(sa.email, p.projectId);

  // Roles held, across projects, by each service account node and each user member node.
  const grants = new Map<string, Grants>();
  const holds: GraphEdge[] = [];
  const agents = new Map<string, { project: string; email: string }>();
  for (const p of projects) {
    const byRole = new Map<string, { bindings: Binding[]; others: string[]; users: number; accounts: number }>();
    for (const b of p.bindings ?? []) {
      let r = byRole.get(b.role);
      if (!r) byRole.set(b.role, (r = { bindings: [], others: [], users: 0, accounts: 0 }));
      r.bindings.push(b);
      const ent = roleKey(p.projectId, b.role);
      for (const member of b.members) {
        const { kind, value } = parseMember(member);
        let holder: string | null = null;
        if (kind === 'user' && value) {
          holder = memberKey(p.projectId, `user:${value}`);
          r.users++;
        } else if (kind === 'serviceAccount' && value) {
          const at = home.get(value);
          if (at) holder = accountKey(at, value);
          else {
            // In a binding but in no project's list: a Google service agent.
            holder = accountKey(p.projectId, value);
            agents.set(holder, { project: p.projectId, email: value });
          }
          r.accounts++;
        } else if (!r.others.includes(member)) {
          r.others.push(member); // group:, domain:, deleted:, principal sets: recorded on the binding
        }
        if (holder) {
          addGrant(grants, holder, p.projectId, b);
          holds.push({ type: 'HOLDS', from: holder, to: ent, props: { conditional: b.condition !== null } });
        }
      }
    }
    for (const [role, r] of byRole) {
      const conditions = r.bindings.flatMap((b) => (b.condition?.expression ? [b.condition.expression] : []));
      addNode({
        label: 'Entitlement',
        key: roleKey(p.projectId, role),
        props: {
          ...identityProps(SOURCE, p.projectId, 'role-binding', role, role),
          role,
          entitlementId: `${p.projectId}/${role}`,
          privileged: isPrivilegedRole(role),
          conditions,
          unconditional: r.bindings.some((b) => b.condition === null),
          otherMembers: r.others,
          userMembers: r.users,
          serviceAccountMembers: r.accounts,
        },
      });
    }
  }

  // Each account's latest key use, wherever its keys are listed.
  const keyUseByAccount = new Map<string, string>();
  const keyUse = new Map<string, Map<string, string>>();
  for (const p of projects) {
    const uses = lastUseBy(p.keyActivity);
    keyUse.set(p.projectId, uses);
    for (const k of p.keys) {
      const used = uses.get(k.keyId.toLowerCase());
      const prev = keyUseByAccount.get(k.serviceAccountEmail);
      if (used && (!prev || used > prev)) keyUseByAccount.set(k.serviceAccountEmail, used);
    }
  }

  for (const p of projects) {
    const accountUse = lastUseBy(p.accountActivity);
    for (const k of p.keys) {
      if (home.get(k.serviceAccountEmail) === undefined) {
        warnings.push(`gcp/${p.projectId}: key ${k.keyId} belongs to ${k.serviceAccountEmail}, which no service-accounts.json lists`);
      }
      const used = keyUse.get(p.projectId)!.get(k.keyId.toLowerCase()) ?? null;
      const userManaged = k.keyType !== 'SYSTEM_MANAGED';
      const noExpiry = k.validBefore !== null && isNoExpiry(k.validBefore);
      const expired = k.validBefore !== null && !noExpiry && k.validBefore <= now;
      const saProject = home.get(k.serviceAccountEmail) ?? p.projectId;
      addNode({
        label: 'Credential',
        key: keyKey(p.projectId, k.name),
        props: {
          ...identityProps(SOURCE, p.projectId, 'service-account-key', k.name, k.keyId),
          keyId: k.keyId,
          serviceAccount: k.serviceAccountEmail,
          keyType: k.keyType,
          keyOrigin: k.keyOrigin,
          keyAlgorithm: k.keyAlgorithm,
          disabled: k.disabled,
          disableReason: k.disableReason,
          // Google rotates its own (SYSTEM_MANAGED) keys: kept for the record, never a finding.
          providerManaged: !userManaged,
          active: !k.disabled && !expired,
          createdAt: k.validAfter,
          expiresAt: noExpiry ? null : k.validBefore,
          noExpiry: userManaged && noExpiry,
          lastUsedAt: used,
          usageReported: p.keyActivity !== null,
          standalone: false,
        },
      });
      addEdge({ type: 'AUTHENTICATES_AS', from: keyKey(p.projectId, k.name), to: accountKey(saProject, k.serviceAccountEmail) });
    }
    for (const sa of p.serviceAccounts) {
      if (home.get(sa.email) !== p.projectId) {
        warnings.push(`gcp/${p.projectId}: ${sa.email} is also listed by project ${home.get(sa.email)}; kept there`);
        continue;
      }
      addNode(accountNode(p, sa, grants, accountUse, keyUseByAccount.get(sa.email) ?? null));
    }
    for (const secret of p.secrets ?? []) addNode(secretNode(p.projectId, secret, now));
    for (const prov of p.providers) {
      const active = !prov.disabled && !prov.poolDisabled && (prov.state === null || prov.state === 'ACTIVE');
      addNode({
        label: 'Policy',
        key: providerKey(p.projectId, prov.name),
        props: {
          ...identityProps(SOURCE, p.projectId, 'workload-identity-provider', prov.name, prov.name.slice(prov.name.lastIndexOf('/') + 1)),
          pool: prov.poolName,
          displayName: prov.displayName,
          issuerUri: prov.issuerUri,
          attributeCondition: prov.attributeCondition,
          attributeMapping: Object.entries(prov.attributeMapping).map(([k, v]) => `${k}=${v}`),
          active,
          state: prov.state,
          // A disabled provider exchanges no token: its trust is not live.
          trustIssues: active ? providerTrustIssues(prov) : [],
        },
      });
    }
  }

  for (const [key, g] of grants) {
    if (nodes.has(key) || agents.has(key)) continue;
    // A user member: an account, linked to a person by its email.
    const email = key.slice(key.indexOf(':binding:user:') + ':binding:user:'.length);
    const project = key.split(':')[1]!;
    addNode({
      label: 'Identity',
      key,
      props: {
        ...identityProps(SOURCE, project, 'binding', `user:${email}`, email),
        email,
        isNhi: false,
        active: true,
        privileged: g.privilegeReasons.length > 0,
        privilegeReasons: g.privilegeReasons,
        roles: g.roles.map((r) => r.slice(project.length + 1)),
        conditional: g.conditional,
        linkValues: [`email:${email}`],
        linkMethods: ['gcp-member'],
        usageReported: false,
      },
    });
  }
  for (const [key, a] of agents) {
    const g = grants.get(key);
    addNode({
      label: 'Identity',
      key,
      props: {
        ...identityProps(SOURCE, a.project, 'service-account', a.email, a.email),
        isNhi: true,
        active: true,
        providerManaged: true,
        serviceAgent: true,
        privileged: (g?.privilegeReasons.length ?? 0) > 0,
        privilegeReasons: g?.privilegeReasons ?? [],
        roles: g?.roles ?? [],
        usageReported: false,
      },
    });
  }
  for (const e of holds) if (nodes.has(e.from)) addEdge(e);
  return { graph: { nodes: [...nodes.values()], edges: [...edges.values()] }, warnings };
}

function accountNode(
  p: ProjectSnapshot,
  sa: ServiceAccount,
  grants: Map<string, Grants>,
  accountUse: Map<string, string>,
  keyUse: string | null,
): GraphNode {
  const key = accountKey(p.projectId, sa.email);
  const g = grants.get(key);
  const owners = descriptionEmails(sa.description);
  const own = accountUse.get(sa.email) ?? (sa.uniqueId ? accountUse.get(sa.uniqueId) : undefined) ?? null;
  const props: Props = {
    ...identityProps(SOURCE, p.projectId, 'service-account', sa.email, sa.email),
    email: sa.email,
    uniqueId: sa.uniqueId,
    displayName: sa.displayName,
    description: sa.description == null ? sa.description : redactText(sa.description),
    disabled: sa.disabled,
    isNhi: true,
    active: !sa.disabled,
    providerManaged: false,
    privileged: (g?.privilegeReasons.length ?? 0) > 0,
    privilegeReasons: g?.privilegeReasons ?? [],
    roles: g?.roles ?? [],
    catalogId: sa.email,
    ownerValues: owners,
    ownerMethods: owners.map(() => 'gcp-description'),
    // The latest use of the account itself or of any of its keys.
    lastUsedAt: latest(own, keyUse),
    usageReported: p.accountActivity !== null,
  };
  return { label: 'Identity', key, props };
}

/** Google writes "valid forever" as the end of year 9999. */
function isNoExpiry(instant: string): boolean {
  return instant.startsWith('9999-');
}

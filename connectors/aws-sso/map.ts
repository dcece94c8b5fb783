// One instance's snapshot -> graph records (pure: no I/O, no clock).
//
// - Each Identity Store user is an account (`user`, nativeId the UserId),
//   linked to a person by its emails, a user name that is an email, or an
//   external id (an email, else an employee id). It is `active` while it is
//   not DISABLED and holds at least one account assignment, directly or
//   through a group: a user with no assignment reaches no AWS account.
// - A user's direct assignment is an entitlement per (permission set,
//   account), `INSTANCE/PERMISSION-SET@ACCOUNT`; a group is one entitlement,
//   `INSTANCE/group/NAME`, whatever it is assigned. Access through a group is
//   held as the group, so a mover's residual access names the group once,
//   not each of its assignments.
import { emptyBatch, nodeKey, type GraphBatch, type Props } from '../../src/graph/records.js';
import { SourceError } from '../../src/util/errors.js';
import type { ContainerRead } from '../lib/containers.js';
import { FILES, SOURCE, instanceArn, instanceFile } from './files.js';
import type { InstanceSnapshot, PermissionSet, SsoUser } from './model.js';
import { PolicyError, permissionSetReasons } from './privilege.js';
import { LinkValues } from '../lib/link-values.js';

const key = (instance: string, type: string, id: string) => nodeKey(SOURCE, instance, type, id);
const base = (instance: string, type: string, id: string, name: string | null): Props => ({ source: SOURCE, container: instance, type, nativeId: id, name });

/**
 * Longest list kept on one user (its assignments, its privilege reasons): a
 * group assigned in every account would otherwise copy hundreds of strings
 * onto each of thousands of members. The count of the rest is kept.
 */
export const MAX_LISTED = 100;
const capped = (list: string[]) => (list.length <= MAX_LISTED ? list : [...list.slice(0, MAX_LISTED), `… and ${list.length - MAX_LISTED} more`]);

interface Held {
  ps: { arn: string; name: string; id: string; reasons: string[] };
  account: string;
  /** The group it comes through; null for a direct assignment. */
  via: { id: string; name: string } | null;
}

function links(u: SsoUser): { values: string[]; methods: string[] } {
  const found = new LinkValues();
  const add = (value: string, method: string) => found.add(value, method);
  for (const e of u.emails) add(`email:${e}`, 'sso-email');
  if (u.userName?.includes('@')) add(`email:${u.userName.toLowerCase()}`, 'sso-user-name');
  for (const x of u.externalIds) add(x.id.includes('@') ? `email:${x.id.toLowerCase()}` : `employee:${x.id.toLowerCase()}`, 'sso-external-id');
  return found;
}

export function mapInstance(s: InstanceSnapshot, privilegedPermissionSets: readonly string[] = []): ContainerRead {
  const out: GraphBatch = emptyBatch();
  const warnings = s.warnings.slice();
  const inst = s.instance;
  const partition = /^arn:([\w-]+):/.exec(s.permissionSets[0]?.arn ?? '')?.[1] ?? 'aws';
  const arn = instanceArn(inst, partition);

  const psByArn = new Map<string, Held['ps']>();
  s.permissionSets.forEach((ps: PermissionSet, i) => {
    let reasons: string[];
    try {
      reasons = permissionSetReasons(ps, privilegedPermissionSets);
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      throw new SourceError(SOURCE, e.message, { file: instanceFile(inst, FILES.permissionSets), path: `permission set ${i + 1} (${ps.name}).InlinePolicy` });
    }
    psByArn.set(ps.arn, { arn: ps.arn, name: ps.name, id: ps.arn.split('/').pop() ?? ps.arn, reasons });
  });
  const unknownPs = new Set<string>();
  const psOf = (psArn: string) => {
    let ps = psByArn.get(psArn);
    if (!ps) {
      unknownPs.add(psArn);
      const id = psArn.split('/').pop() ?? psArn;
      ps = { arn: psArn, name: id, id, reasons: [] };
      psByArn.set(psArn, ps);
    }
    return ps;
  };

  const users = new Map(s.users.map((u) => [u.id, u]));
  const groups = new Map(s.groups.map((g) => [g.id, g]));
  const byGroup = new Map<string, Held[]>();
  const direct = new Map<string, Held[]>();
  let dangling = 0;
  for (const a of s.assignments) {
    const held: Held = { ps: psOf(a.permissionSetArn), account: a.accountId, via: null };
    if (a.principalType === 'GROUP') {
      const g = groups.get(a.principalId);
      if (!g) {
        dangling++;
        continue;
      }
      held.via = { id: g.id, name: g.displayName };
      byGroup.set(g.id, [...(byGroup.get(g.id) ?? []), held]);
    } else if (users.has(a.principalId)) direct.set(a.principalId, [...(direct.get(a.principalId) ?? []), held]);
    else dangling++;
  }
  if (dangling) warnings.push(`${instanceFile(inst, FILES.accountAssignments)}: ${dangling} assignment(s) to a user or group not in users.json or groups.json ignored`);
  if (unknownPs.size) warnings.push(`${instanceFile(inst, FILES.accountAssignments)}: ${unknownPs.size} permission set(s) not in permission-sets.json, named by id and not judged privileged`);

  const groupsOfUser = new Map<string, { groupId: string; membershipId: string | null }[]>();
  for (const m of s.memberships) {
    if (!m.userId || !users.has(m.userId)) continue;
    groupsOfUser.set(m.userId, [...(groupsOfUser.get(m.userId) ?? []), { groupId: m.groupId, membershipId: m.membershipId }]);
  }

  // Direct assignments: one entitlement per (permission set, account) a user holds.
  const assignmentKeys = new Set<string>();
  for (const [userId, held] of direct) {
    for (const h of held) {
      const id = `${h.ps.id}@${h.account}`;
      const k = key(inst, 'account-assignment', id);
      if (!assignmentKeys.has(k)) {
        assignmentKeys.add(k);
        out.nodes.push({
          label: 'Entitlement',
          key: k,
          props: {
            ...base(inst, 'account-assignment', id, `${h.ps.name}@${h.account}`),
            entitlementId: `${inst}/${h.ps.name}@${h.account}`,
            permissionSetArn: h.ps.arn,
            permissionSetName: h.ps.name,
            accountId: h.account,
            instanceArn: arn,
            privileged: h.ps.reasons.length > 0,
            privilegeReasons: h.ps.reasons,
          },
        });
      }
      out.edges.push({ type: 'HOLDS', from: key(inst, 'user', userId), to: k });
    }
  }

  for (const g of s.groups) {
    const held = byGroup.get(g.id) ?? [];
    const reasons = held.flatMap((h) => h.ps.reasons.map((r) => `${h.ps.name}@${h.account}: ${r}`));
    out.nodes.push({
      label: 'Entitlement',
      key: key(inst, 'group', g.id),
      props: {
        ...base(inst, 'group', g.id, g.displayName),
        entitlementId: `${inst}/group/${g.displayName}`,
        identityStoreId: g.identityStoreId,
        instanceArn: arn,
        assignments: [...new Set(held.map((h) => `${h.ps.name}@${h.account}`))].sort(),
        privileged: reasons.length > 0,
        privilegeReasons: capped(reasons),
      },
    });
  }

  for (const u of s.users) {
    const memberOf = groupsOfUser.get(u.id) ?? [];
    const held = [...(direct.get(u.id) ?? []), ...memberOf.flatMap((m) => byGroup.get(m.groupId) ?? [])];
    const reasons = held.flatMap((h) => h.ps.reasons.map((r) => `${h.ps.name}@${h.account}${h.via ? ` via group ${h.via.name}` : ''}: ${r}`));
    const link = links(u);
    const lastUsedAt = s.signIns?.lastByUser.get(u.id) ?? null;
    out.nodes.push({
      label: 'Identity',
      key: key(inst, 'user', u.id),
      props: {
        ...base(inst, 'user', u.id, u.userName ?? u.displayName ?? u.id),
        catalogId: u.id,
        userName: u.userName,
        displayName: u.displayName,
        emails: u.emails,
        userStatus: u.status,
        enabled: u.status !== 'DISABLED',
        identityStoreId: u.identityStoreId,
        instanceArn: arn,
        isNhi: false,
        mayBeNhi: false,
        isRoot: false,
        providerManaged: false,
        active: u.status !== 'DISABLED' && held.length > 0,
        createdAt: u.createdAt,
        lastUsedAt,
        usageReported: s.signIns !== null,
        privileged: reasons.length > 0,
        privilegeReasons: capped([...new Set(reasons)]),
        roles: capped([...new Set(held.map((h) => `${inst}/${h.ps.name}@${h.account}${h.via ? ` via group ${h.via.name}` : ''}`))].sort()),
        // What revocation needs, identifiers only: the direct assignments and the memberships that carry access.
        directAssignments: [...new Set((direct.get(u.id) ?? []).map((h) => `${h.ps.arn}|${h.account}`))].sort(),
        accessGroups: memberOf.filter((m) => byGroup.has(m.groupId)).map((m) => `${m.groupId}|${m.membershipId ?? ''}|${groups.get(m.groupId)?.displayName ?? m.groupId}`).sort(),
        mfaActive: null,
        mfaMissing: null,
        linkValues: link.values,
        linkMethods: link.methods,
        ownerValues: [],
        ownerMethods: [],
        hasOwnerTag: false,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
    for (const m of memberOf) out.edges.push({ type: 'HOLDS', from: key(inst, 'user', u.id), to: key(inst, 'group', m.groupId) });
  }
  return { graph: out, warnings };
}

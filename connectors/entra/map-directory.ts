// Users, groups and directory roles -> Identity (type `user`) and Entitlement
// (types `group`, `directory-role`) nodes, and who holds what (HOLDS).
// Users link to people by mail, userPrincipalName, otherMails and
// employeeId; guests are accounts like any other. Each user declares its
// object id as its login (`entra:<id>`), which is how directory owners of
// apps resolve to people.
import type { GraphBatch } from '../../src/graph/records.js';
import { baseProps, entraKey, privilegeOf, type TenantContext } from './map-context.js';
import type { EntraUser } from './model.js';
import { LinkValues } from '../lib/link-values.js';

function links(u: EntraUser): { values: string[]; methods: string[] } {
  const found = new LinkValues();
  const add = (value: string, method: string) => found.add(value, method);
  if (u.mail) add(`email:${u.mail.toLowerCase()}`, 'mail');
  if (u.userPrincipalName?.includes('@') && !u.userPrincipalName.includes('#EXT#')) {
    add(`email:${u.userPrincipalName.toLowerCase()}`, 'user-principal-name');
  }
  for (const m of u.otherMails) if (m.includes('@')) add(`email:${m.toLowerCase()}`, 'other-mails');
  if (u.employeeId) add(`employee:${u.employeeId.toLowerCase()}`, 'employee-id');
  return found;
}

export function mapUsers(ctx: TenantContext, out: GraphBatch): void {
  const mfa = ctx.snapshot.mfaRegistered;
  for (const u of ctx.snapshot.users) {
    const link = links(u);
    const privilege = privilegeOf(ctx, u.id);
    const registered = mfa ? (mfa.get(u.id) ?? null) : null;
    out.nodes.push({
      label: 'Identity',
      key: entraKey(ctx.tenant, 'user', u.id),
      props: {
        ...baseProps(ctx.tenant, 'user', u.id, u.userPrincipalName ?? u.displayName ?? u.id),
        catalogId: u.id,
        displayName: u.displayName,
        userPrincipalName: u.userPrincipalName,
        mail: u.mail,
        userType: u.userType,
        isNhi: false,
        mayBeNhi: false,
        isRoot: false,
        providerManaged: false,
        active: u.accountEnabled === true,
        createdAt: u.createdAt,
        lastUsedAt: u.lastSignInAt,
        usageReported: u.signInReported,
        privileged: privilege.privileged,
        privilegeReasons: privilege.privilegeReasons,
        roles: privilege.roles,
        // From mfa-registration.json: null when the report is absent or does not list the user.
        mfaActive: registered,
        mfaMissing: registered === null ? null : !registered,
        login: u.id,
        loginScheme: 'entra',
        linkValues: link.values,
        linkMethods: link.methods,
        ownerValues: [],
        ownerMethods: [],
        hasOwnerTag: false,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
  }
}

export function mapGroupsAndRoles(ctx: TenantContext, out: GraphBatch): void {
  const s = ctx.snapshot;
  const userIds = new Set(s.users.map((u) => u.id));
  const roleGroups = new Set(s.roleAssignments.map((a) => a.principalId));
  for (const g of s.groups) {
    const key = entraKey(ctx.tenant, 'group', g.id);
    const privilege = privilegeOf(ctx, g.id);
    out.nodes.push({
      label: 'Entitlement',
      key,
      props: {
        ...baseProps(ctx.tenant, 'group', g.id, g.displayName ?? g.id),
        entitlementId: `group/${g.id}`,
        isAssignableToRole: g.isAssignableToRole,
        securityEnabled: g.securityEnabled,
        holdsRoles: roleGroups.has(g.id),
        privileged: privilege.privileged,
        privilegeReasons: privilege.privilegeReasons,
      },
    });
    for (const m of s.groupMembers.get(g.id) ?? []) {
      if (userIds.has(m.id)) out.edges.push({ type: 'HOLDS', from: entraKey(ctx.tenant, 'user', m.id), to: key });
    }
  }
  const roles = new Map<string, { name: string; privileged: boolean }>();
  for (const [, held] of ctx.rolesOf) for (const r of held) roles.set(r.roleId, { name: r.roleName, privileged: r.privileged });
  for (const [id, r] of roles) {
    out.nodes.push({
      label: 'Entitlement',
      key: entraKey(ctx.tenant, 'directory-role', id),
      props: {
        ...baseProps(ctx.tenant, 'directory-role', id, r.name),
        entitlementId: `directory-role/${id}`,
        privileged: r.privileged,
        privilegeReasons: r.privileged ? [`directory role ${r.name}`] : [],
      },
    });
  }
  for (const [holder, held] of ctx.rolesOf) {
    if (!userIds.has(holder)) continue;
    for (const roleId of new Set(held.map((r) => r.roleId))) {
      out.edges.push({ type: 'HOLDS', from: entraKey(ctx.tenant, 'user', holder), to: entraKey(ctx.tenant, 'directory-role', roleId) });
    }
  }
}

// What every Entra mapper shares: keys, the properties every record carries,
// and the tenant-wide facts (who holds which role) worked out once.
import { nodeKey, type Props } from '../../src/graph/records.js';
import type { TenantSnapshot } from './model.js';
import { isPrivilegedRole } from './roles.js';

export const SOURCE = 'entra';

export const entraKey = (tenant: string, type: string, id: string) => nodeKey(SOURCE, tenant, type, id);

export function baseProps(tenant: string, type: string, id: string, name: string | null): Props {
  return { source: SOURCE, container: tenant, type, nativeId: id, name };
}

export interface TenantContext {
  snapshot: TenantSnapshot;
  tenant: string;
  now: string;
  /** Directory object id -> the roles it holds (directly, or through a role-assignable group), with why. */
  rolesOf: Map<string, { roleId: string; roleName: string; privileged: boolean; via: string | null }[]>;
  warnings: string[];
}

export function tenantContext(snapshot: TenantSnapshot, now: string, privilegedRoles: readonly string[]): TenantContext {
  const rolesOf: TenantContext['rolesOf'] = new Map();
  const add = (id: string, role: { roleId: string; roleName: string; privileged: boolean; via: string | null }) => {
    const list = rolesOf.get(id) ?? [];
    if (!list.some((r) => r.roleId === role.roleId && r.via === role.via)) list.push(role);
    rolesOf.set(id, list);
  };
  const groupName = new Map(snapshot.groups.map((g) => [g.id, g.displayName ?? g.id]));
  for (const a of snapshot.roleAssignments) {
    const role = { roleId: a.roleDefinitionId, roleName: a.roleName ?? a.roleDefinitionId, privileged: isPrivilegedRole(a, privilegedRoles) };
    add(a.principalId, { ...role, via: null });
    // A role assigned to a role-assignable group is held by each of its members.
    for (const m of snapshot.groupMembers.get(a.principalId) ?? []) add(m.id, { ...role, via: groupName.get(a.principalId) ?? a.principalId });
  }
  return { snapshot, tenant: snapshot.tenant, now, rolesOf, warnings: snapshot.warnings.slice() };
}

/** Privilege facts of a directory object: `privileged` and the reasons a finding shows. */
export function privilegeOf(ctx: TenantContext, id: string): { privileged: boolean; privilegeReasons: string[]; roles: string[] } {
  const roles = ctx.rolesOf.get(id) ?? [];
  const reasons = roles
    .filter((r) => r.privileged)
    .map((r) => (r.via ? `directory role ${r.roleName} through group ${r.via}` : `directory role ${r.roleName}`));
  return { privileged: reasons.length > 0, privilegeReasons: reasons, roles: [...new Set(roles.map((r) => r.roleName))] };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Email addresses written in free text (a service principal's notes or tags), lower case. */
export function emailsIn(text: string): string[] {
  return [...new Set([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase()))];
}

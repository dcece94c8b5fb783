// The entitlement a finding names, read back: `INSTANCE/group/NAME` (a group)
// or `INSTANCE/PERMISSION-SET@ACCOUNT` (a direct assignment). A permission
// set name cannot hold `/`, so the `group/` prefix is unambiguous; it may hold
// `@`, so the account is after the last one.
import { INSTANCE_ID } from './files.js';

export type EntitlementRef =
  | { kind: 'group'; instance: string; groupName: string }
  | { kind: 'assignment'; instance: string; permissionSetName: string; account: string };

export function parseEntitlement(value: string | null): EntitlementRef | null {
  if (!value) return null;
  const slash = value.indexOf('/');
  const instance = value.slice(0, slash);
  if (slash < 0 || !INSTANCE_ID.test(instance)) return null;
  const rest = value.slice(slash + 1);
  if (rest.startsWith('group/') && rest.length > 'group/'.length) return { kind: 'group', instance, groupName: rest.slice('group/'.length) };
  const at = rest.lastIndexOf('@');
  const account = rest.slice(at + 1);
  if (at <= 0 || !/^\d{12}$/.test(account)) return null;
  return { kind: 'assignment', instance, permissionSetName: rest.slice(0, at), account };
}

/** Identifiers kept on a user for revocation: `PS-ARN|ACCOUNT` and `GROUP-ID|MEMBERSHIP-ID|GROUP-NAME`. */
export function directAssignmentsOf(props: Record<string, unknown>): { permissionSetArn: string; account: string }[] {
  const list = Array.isArray(props.directAssignments) ? props.directAssignments.map(String) : [];
  return list.flatMap((s) => {
    const [permissionSetArn, account] = s.split('|');
    return permissionSetArn && account ? [{ permissionSetArn, account }] : [];
  });
}

export function accessGroupsOf(props: Record<string, unknown>): { groupId: string; membershipId: string; groupName: string }[] {
  const list = Array.isArray(props.accessGroups) ? props.accessGroups.map(String) : [];
  return list.flatMap((s) => {
    const [groupId, membershipId, ...name] = s.split('|');
    return groupId ? [{ groupId, membershipId: membershipId ?? '', groupName: name.join('|') || groupId }] : [];
  });
}

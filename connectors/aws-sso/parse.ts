// One list item of each Identity Center file -> the model. Fields the model
// does not use are ignored (kept out of the graph), never an error; a field
// the model needs that has the wrong type fails the file with its JSON path.
import type { AccountAssignment, PermissionSet, SsoGroup, SsoMembership, SsoUser } from './model.js';
import type { Json, SsoReader } from './json.js';
import { EMAIL } from '../lib/id-formats.js';

const ACCOUNT = /^\d{12}$/;

/** An Identity Store `User` (ListUsers / DescribeUser). */
export function parseUser(o: Json, path: string, r: SsoReader): SsoUser {
  const emails: { value: string; primary: boolean }[] = [];
  for (const { item, path: at } of r.objects(o, 'Emails', path)) {
    // Ids and emails are checked, never rewritten (connectors/lib/id-formats.ts); DisplayName is free text.
    const value = r.optId(item, 'Value', at, EMAIL);
    if (value) emails.push({ value: value.toLowerCase(), primary: item.Primary === true });
  }
  emails.sort((a, b) => Number(b.primary) - Number(a.primary));
  const externalIds = r.objects(o, 'ExternalIds', path).map(({ item, path: at }) => ({ issuer: r.optString(item, 'Issuer', at), id: r.id(item, 'Id', at) }));
  const status = r.optString(o, 'UserStatus', path);
  if (status !== null && status !== 'ENABLED' && status !== 'DISABLED') r.fail(`${path}.UserStatus`, 'expected ENABLED or DISABLED');
  return {
    id: r.id(o, 'UserId', path),
    userName: r.optId(o, 'UserName', path),
    displayName: r.optString(o, 'DisplayName', path),
    emails: [...new Set(emails.map((e) => e.value))],
    externalIds,
    status,
    createdAt: r.instant(o, 'CreatedAt', path),
    identityStoreId: r.optString(o, 'IdentityStoreId', path),
  };
}

/** An Identity Store `Group` (ListGroups). */
export function parseGroup(o: Json, path: string, r: SsoReader): SsoGroup {
  const id = r.id(o, 'GroupId', path);
  return { id, displayName: r.optString(o, 'DisplayName', path) ?? id, identityStoreId: r.optString(o, 'IdentityStoreId', path) };
}

/** A `GroupMembership` (ListGroupMemberships); the group comes from the file name when the item lacks it. */
export function parseMembership(o: Json, path: string, r: SsoReader, groupId: string): SsoMembership {
  const member = r.optObject(o, 'MemberId', path);
  const listed = r.optString(o, 'GroupId', path);
  if (listed !== null && listed !== groupId) r.fail(`${path}.GroupId`, 'names another group than its file');
  return { membershipId: r.optId(o, 'MembershipId', path), groupId, userId: member ? r.optId(member, 'UserId', `${path}.MemberId`) : null };
}

/**
 * One permission set: DescribePermissionSet's `PermissionSet` with the
 * results of ListManagedPoliciesInPermissionSet (`ManagedPolicies`),
 * ListCustomerManagedPolicyReferencesInPermissionSet
 * (`CustomerManagedPolicyReferences`), GetInlinePolicyForPermissionSet
 * (`InlinePolicy`) and GetPermissionsBoundaryForPermissionSet
 * (`PermissionsBoundary`) beside it.
 */
export function parsePermissionSet(o: Json, path: string, r: SsoReader): PermissionSet {
  const managed = r.objects(o, 'AttachedManagedPolicies', path).length ? 'AttachedManagedPolicies' : 'ManagedPolicies';
  const ref = (p: Json, at: string) => `${(r.optString(p, 'Path', at) ?? '/').replace(/^\/?/, '/').replace(/\/?$/, '/')}${r.string(p, 'Name', at)}`;
  const boundary = r.optObject(o, 'PermissionsBoundary', path);
  let permissionsBoundary: string | null = null;
  if (boundary) {
    const at = `${path}.PermissionsBoundary`;
    const cmp = r.optObject(boundary, 'CustomerManagedPolicyReference', at);
    permissionsBoundary = r.optString(boundary, 'ManagedPolicyArn', at) ?? (cmp ? ref(cmp, `${at}.CustomerManagedPolicyReference`) : null);
  }
  const inline = o.InlinePolicy;
  if (inline !== undefined && inline !== null && typeof inline !== 'string' && (typeof inline !== 'object' || Array.isArray(inline))) {
    r.fail(`${path}.InlinePolicy`, 'expected a policy document (a JSON string or object)');
  }
  return {
    arn: r.id(o, 'PermissionSetArn', path),
    name: r.string(o, 'Name', path),
    managedPolicies: r.objects(o, managed, path).map(({ item, path: at }) => r.string(item, 'Arn', at)),
    customerManagedPolicies: r.objects(o, 'CustomerManagedPolicyReferences', path).map(({ item, path: at }) => ref(item, at)),
    inlinePolicy: typeof inline === 'string' ? (inline.trim() === '' ? null : inline) : inline ? JSON.stringify(inline) : null,
    permissionsBoundary,
  };
}

/** One `AccountAssignment` (ListAccountAssignments). */
export function parseAssignment(o: Json, path: string, r: SsoReader): AccountAssignment {
  const accountId = r.string(o, 'AccountId', path);
  if (!ACCOUNT.test(accountId)) r.fail(`${path}.AccountId`, 'expected a 12-digit AWS account id');
  const principalType = r.string(o, 'PrincipalType', path);
  if (principalType !== 'USER' && principalType !== 'GROUP') r.fail(`${path}.PrincipalType`, 'expected USER or GROUP');
  return { accountId, permissionSetArn: r.id(o, 'PermissionSetArn', path), principalType, principalId: r.id(o, 'PrincipalId', path) };
}

// One Identity Center instance, live: every file of `aws-sso/<instance-id>/`.
// Account assignments are asked only where they can exist: for each
// permission set, ListAccountsForProvisionedPermissionSet names the accounts
// it is provisioned to, and only those (account, permission set) pairs get a
// ListAccountAssignments call (a pair never provisioned holds no assignment).
// Only the fields the snapshot format names are written.

/** Runs one call within the collect's bound on requests in flight. */
export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
  type Group,
  type GroupMembership,
  type User,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  type AccountAssignment,
} from '@aws-sdk/client-sso-admin';
import { callError, errorCode, type SsoClients } from './collect-clients.js';
import { FILES } from './files.js';

export interface InstanceTarget {
  instanceArn: string;
  instanceId: string;
  identityStoreId: string;
}

/** Every page of a paged call, one call at a time within the limit. */
async function pages<T>(api: string, instance: string, limit: Limit, fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await limit(() => fetch(token)).catch((e: unknown) => Promise.reject(callError(api, instance, e)));
    for (const item of page.items ?? []) out.push(item);
    token = page.next;
  } while (token);
  return out;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

function userRecord(u: User) {
  return {
    IdentityStoreId: u.IdentityStoreId,
    UserId: u.UserId,
    UserName: u.UserName,
    DisplayName: u.DisplayName,
    Emails: u.Emails?.map((e) => ({ Value: e.Value, Type: e.Type, Primary: e.Primary })),
    ExternalIds: u.ExternalIds?.map((x) => ({ Issuer: x.Issuer, Id: x.Id })),
    UserStatus: u.UserStatus,
    CreatedAt: iso(u.CreatedAt),
  };
}

const groupRecord = (g: Group) => ({ IdentityStoreId: g.IdentityStoreId, GroupId: g.GroupId, DisplayName: g.DisplayName });
const membershipRecord = (m: GroupMembership) => ({ IdentityStoreId: m.IdentityStoreId, MembershipId: m.MembershipId, GroupId: m.GroupId, MemberId: m.MemberId?.UserId ? { UserId: m.MemberId.UserId } : {} });

export async function collectInstance(c: SsoClients, t: InstanceTarget, dir: string, limit: Limit, step: (m: string) => void): Promise<{ users: number; assignments: number }> {
  const id = t.instanceId;
  const InstanceArn = t.instanceArn;
  const IdentityStoreId = t.identityStoreId;
  await mkdir(join(dir, FILES.groupMembershipsDir), { recursive: true });
  const write = (name: string, body: unknown) => writeFile(join(dir, name), JSON.stringify(body) + '\n');

  const users = await pages('Identitystore ListUsers', id, limit, async (NextToken) => {
    const o = await c.store.send(new ListUsersCommand({ IdentityStoreId, NextToken, MaxResults: 100 }));
    return { items: o.Users, next: o.NextToken };
  });
  await write(FILES.users, { Users: users.map(userRecord) });
  step(`${users.length} users`);

  const groups = await pages('Identitystore ListGroups', id, limit, async (NextToken) => {
    const o = await c.store.send(new ListGroupsCommand({ IdentityStoreId, NextToken, MaxResults: 100 }));
    return { items: o.Groups, next: o.NextToken };
  });
  await write(FILES.groups, { Groups: groups.map(groupRecord) });
  await Promise.all(
    groups.map(async (g) => {
      const members = await pages('Identitystore ListGroupMemberships', id, limit, async (NextToken) => {
        const o = await c.store.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: g.GroupId, NextToken, MaxResults: 100 }));
        return { items: o.GroupMemberships, next: o.NextToken };
      });
      await write(`${FILES.groupMembershipsDir}/${g.GroupId}.json`, { GroupMemberships: members.map(membershipRecord) });
    }),
  );
  step(`${groups.length} groups`);

  const psArns = await pages('SSOAdmin ListPermissionSets', id, limit, async (NextToken) => {
    const o = await c.admin.send(new ListPermissionSetsCommand({ InstanceArn, NextToken, MaxResults: 100 }));
    return { items: o.PermissionSets, next: o.NextToken };
  });
  const one = <T>(api: string, send: () => Promise<T>) => limit(send).catch((e: unknown) => Promise.reject(callError(api, id, e)));
  const permissionSets = await Promise.all(
    psArns.map(async (PermissionSetArn) => {
      const [described, managed, customer, inline, boundary] = await Promise.all([
        one('SSOAdmin DescribePermissionSet', () => c.admin.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }))),
        pages('SSOAdmin ListManagedPoliciesInPermissionSet', id, limit, async (NextToken) => {
          const o = await c.admin.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn, NextToken }));
          return { items: o.AttachedManagedPolicies, next: o.NextToken };
        }),
        pages('SSOAdmin ListCustomerManagedPolicyReferencesInPermissionSet', id, limit, async (NextToken) => {
          const o = await c.admin.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ InstanceArn, PermissionSetArn, NextToken }));
          return { items: o.CustomerManagedPolicyReferences, next: o.NextToken };
        }),
        one('SSOAdmin GetInlinePolicyForPermissionSet', () => c.admin.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn }))),
        // A permission set with no boundary answers ResourceNotFoundException: none, not a failure.
        limit(() => c.admin.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).catch((e: unknown) => {
          if (errorCode(e) === 'ResourceNotFoundException') return { PermissionsBoundary: undefined };
          throw callError('SSOAdmin GetPermissionsBoundaryForPermissionSet', id, e);
        }),
      ]);
      const ps = described.PermissionSet;
      return {
        PermissionSetArn,
        Name: ps?.Name,
        Description: ps?.Description,
        SessionDuration: ps?.SessionDuration,
        CreatedDate: iso(ps?.CreatedDate),
        ManagedPolicies: managed.map((m) => ({ Name: m.Name, Arn: m.Arn })),
        CustomerManagedPolicyReferences: customer.map((r) => ({ Name: r.Name, Path: r.Path })),
        InlinePolicy: inline.InlinePolicy || undefined,
        PermissionsBoundary: boundary.PermissionsBoundary,
      };
    }),
  );
  await write(FILES.permissionSets, { PermissionSets: permissionSets });
  step(`${permissionSets.length} permission sets`);

  const assignments: AccountAssignment[] = [];
  await Promise.all(
    psArns.map(async (PermissionSetArn) => {
      const accounts = await pages('SSOAdmin ListAccountsForProvisionedPermissionSet', id, limit, async (NextToken) => {
        const o = await c.admin.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn, NextToken, MaxResults: 100 }));
        return { items: o.AccountIds, next: o.NextToken };
      });
      await Promise.all(
        accounts.map(async (AccountId) => {
          const got = await pages('SSOAdmin ListAccountAssignments', id, limit, async (NextToken) => {
            const o = await c.admin.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId, PermissionSetArn, NextToken, MaxResults: 100 }));
            return { items: o.AccountAssignments, next: o.NextToken };
          });
          for (const a of got) assignments.push(a);
        }),
      );
    }),
  );
  await write(FILES.accountAssignments, {
    AccountAssignments: assignments.map((a) => ({ AccountId: a.AccountId, PermissionSetArn: a.PermissionSetArn, PrincipalType: a.PrincipalType, PrincipalId: a.PrincipalId })),
  });
  step(`${assignments.length} account assignments`);
  return { users: users.length, assignments: assignments.length };
}

// What driftgraph can revoke in IAM Identity Center, both reversible: delete
// a user's direct account assignment (undo: create it again) and remove a
// user from a group that carries assignments (undo: add it back). A leaver's
// or dormant user's finding plans one action per direct assignment and per
// such group, as the scan saw them; a mover's finding plans the one
// entitlement it names for each of the person's users. The ids a call needs
// are looked up live right before it, from the names the finding holds.
import { ActionCallError, type ActionContext, type PlannedRevocation, type RemediationInput, type RevocationAction } from '../../src/sources/connector.js';
import type { SsoClients } from './collect-clients.js';
import type { AwsSsoConfig } from './config.js';
import { accessGroupsOf, directAssignmentsOf, parseEntitlement } from './entitlement.js';
import { SOURCE, instanceIdOf } from './files.js';
import { groupIdOf, instanceOf, isGone, permissionSetArnOf, ssoCall, userIdOf, withClients } from './actions-client.js';
// The SDKs are loaded on the first call: plans and scans never need them.
const storeSdk = () => import('@aws-sdk/client-identitystore');
const adminSdk = () => import('@aws-sdk/client-sso-admin');


const ASSIGNMENT = `${SOURCE}.delete-account-assignment`;
const MEMBERSHIP = `${SOURCE}.remove-group-membership`;
const ACCESS_ACTIONS = ['disable-account', 'decommission-identity'];
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const isUser = (i: RemediationInput) => i.subject.source === SOURCE && i.subject.type === 'user';
const userNameOf = (i: RemediationInput) => String(i.props.userName ?? i.subject.name ?? i.subject.id);
const isMover = (i: RemediationInput) => i.action === 'remove-entitlement' && i.evidence.entitlementSource === SOURCE;

/** Polls an asynchronous assignment request until it is no longer IN_PROGRESS (bounded). */
async function settle(call: string, poll: () => Promise<{ Status?: string; FailureReason?: string } | undefined>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const s = await poll();
    if (s?.Status === 'SUCCEEDED') return;
    if (s?.Status === 'FAILED') throw new ActionCallError(call, 'FAILED', 'the request failed');
    await new Promise((r) => setTimeout(r, Math.min(2000, 200 * (i + 1))));
  }
  throw new ActionCallError(call, 'IN_PROGRESS', 'still in progress after 30 polls: the next revoke run re-checks it');
}

interface AssignmentIds {
  instanceArn: string;
  permissionSetArn: string;
  account: string;
  userId: string;
}

async function assignmentIds(c: SsoClients, p: Record<string, string>): Promise<AssignmentIds> {
  const { instanceArn, identityStoreId } = await instanceOf(c, p.instance!);
  const userId = p.userId ?? (await userIdOf(c, identityStoreId, p.userName!));
  const permissionSetArn = p.permissionSetArn ?? (await permissionSetArnOf(c, instanceArn, p.permissionSetName!));
  return { instanceArn, permissionSetArn, account: p.account!, userId };
}

function assignmentPlan(params: Record<string, string>, what: string): PlannedRevocation {
  return {
    kind: ASSIGNMENT,
    summary: `delete the account assignment ${what} of Identity Center user ${params.userName} in instance ${params.instance}`,
    container: params.instance!,
    calls: [{ api: 'SSOAdmin DeleteAccountAssignment', target: { ...params, TargetType: 'AWS_ACCOUNT', PrincipalType: 'USER' } }],
    reversible: true,
    undo: 'SSOAdmin CreateAccountAssignment',
    params,
  };
}

const deleteAssignment: RevocationAction<AwsSsoConfig> = {
  kind: ASSIGNMENT,
  subjectTypes: ['user', 'person'],
  reversible: true,
  plan(i) {
    if (isUser(i) && ACCESS_ACTIONS.includes(i.action)) {
      const instance = i.subject.container ?? instanceIdOf(String(i.props.instanceArn ?? ''));
      return directAssignmentsOf(i.props).map((a) =>
        assignmentPlan({ instance, userName: userNameOf(i), userId: i.subject.id, permissionSetArn: a.permissionSetArn, account: a.account }, `${a.permissionSetArn.split('/').pop()}@${a.account}`),
      );
    }
    const ref = isMover(i) ? parseEntitlement(i.entitlement) : null;
    if (ref?.kind !== 'assignment') return [];
    return list(i.evidence.viaAccounts).map((userName) =>
      assignmentPlan({ instance: ref.instance, userName, permissionSetName: ref.permissionSetName, account: ref.account }, `${ref.permissionSetName}@${ref.account}`),
    );
  },
  check: (p, ctx) =>
    withClients(ctx, async (c) => {
      let ids: AssignmentIds;
      try {
        ids = await assignmentIds(c, p);
      } catch (e) {
        if (isGone(e)) return { stillThere: false, state: { exists: false }, detail: `${(e as ActionCallError).message}: nothing to remove` };
        throw e;
      }
      let NextToken: string | undefined;
      do {
        const page = await ssoCall('SSOAdmin ListAccountAssignments', async () =>
          c.admin.send(new (await adminSdk()).ListAccountAssignmentsCommand({ InstanceArn: ids.instanceArn, AccountId: ids.account, PermissionSetArn: ids.permissionSetArn, NextToken })),
        );
        if (page.AccountAssignments?.some((a) => a.PrincipalType === 'USER' && a.PrincipalId === ids.userId)) {
          return { stillThere: true, state: { assigned: true, userId: ids.userId, permissionSetArn: ids.permissionSetArn }, detail: 'assigned' };
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return { stillThere: false, state: { assigned: false, userId: ids.userId, permissionSetArn: ids.permissionSetArn }, detail: 'the assignment is already gone' };
    }),
  execute: (p, ctx) =>
    withClients(ctx, async (c) => {
      const ids = await assignmentIds(c, p);
      const target = { InstanceArn: ids.instanceArn, TargetId: ids.account, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: ids.permissionSetArn, PrincipalType: 'USER' as const, PrincipalId: ids.userId };
      const out = await ssoCall('SSOAdmin DeleteAccountAssignment', async () => c.admin.send(new (await adminSdk()).DeleteAccountAssignmentCommand(target)));
      const requestId = out.AccountAssignmentDeletionStatus?.RequestId;
      if (out.AccountAssignmentDeletionStatus?.Status === 'SUCCEEDED' || !requestId) return;
      await settle('SSOAdmin DescribeAccountAssignmentDeletionStatus', async () =>
        (await ssoCall('SSOAdmin DescribeAccountAssignmentDeletionStatus', async () =>
          c.admin.send(new (await adminSdk()).DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: ids.instanceArn, AccountAssignmentDeletionRequestId: requestId })),
        )).AccountAssignmentDeletionStatus,
      );
    }),
  undo: (p, ctx) =>
    withClients(ctx, async (c) => {
      const ids = await assignmentIds(c, p);
      const target = { InstanceArn: ids.instanceArn, TargetId: ids.account, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: ids.permissionSetArn, PrincipalType: 'USER' as const, PrincipalId: ids.userId };
      const out = await ssoCall('SSOAdmin CreateAccountAssignment', async () => c.admin.send(new (await adminSdk()).CreateAccountAssignmentCommand(target)));
      const requestId = out.AccountAssignmentCreationStatus?.RequestId;
      if (out.AccountAssignmentCreationStatus?.Status !== 'SUCCEEDED' && requestId) {
        await settle('SSOAdmin DescribeAccountAssignmentCreationStatus', async () =>
          (await ssoCall('SSOAdmin DescribeAccountAssignmentCreationStatus', async () =>
            c.admin.send(new (await adminSdk()).DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: ids.instanceArn, AccountAssignmentCreationRequestId: requestId })),
          )).AccountAssignmentCreationStatus,
        );
      }
      return [{ api: 'SSOAdmin CreateAccountAssignment', target: { instance: p.instance!, account: ids.account, permissionSetArn: ids.permissionSetArn, userId: ids.userId } }];
    }),
};

function membershipPlan(params: Record<string, string>): PlannedRevocation {
  return {
    kind: MEMBERSHIP,
    summary: `remove Identity Center user ${params.userName} from group ${params.groupName} in instance ${params.instance}`,
    container: params.instance!,
    calls: [{ api: 'Identitystore DeleteGroupMembership', target: params }],
    reversible: true,
    undo: 'Identitystore CreateGroupMembership',
    params,
  };
}

interface MembershipIds {
  identityStoreId: string;
  groupId: string;
  userId: string;
}

async function membershipIds(c: SsoClients, p: Record<string, string>): Promise<MembershipIds> {
  const { identityStoreId } = await instanceOf(c, p.instance!);
  const userId = p.userId ?? (await userIdOf(c, identityStoreId, p.userName!));
  const groupId = p.groupId ?? (await groupIdOf(c, identityStoreId, p.groupName!));
  return { identityStoreId, groupId, userId };
}

/** The membership id when the user is in the group now; null when not. */
async function currentMembership(c: SsoClients, ids: MembershipIds): Promise<string | null> {
  try {
    const out = await ssoCall('Identitystore GetGroupMembershipId', async () =>
      c.store.send(new (await storeSdk()).GetGroupMembershipIdCommand({ IdentityStoreId: ids.identityStoreId, GroupId: ids.groupId, MemberId: { UserId: ids.userId } })),
    );
    return out.MembershipId ?? null;
  } catch (e) {
    if (isGone(e)) return null;
    throw e;
  }
}

const removeMembership: RevocationAction<AwsSsoConfig> = {
  kind: MEMBERSHIP,
  subjectTypes: ['user', 'person'],
  reversible: true,
  plan(i) {
    if (isUser(i) && ACCESS_ACTIONS.includes(i.action)) {
      const instance = i.subject.container ?? '';
      return accessGroupsOf(i.props).map((g) => membershipPlan({ instance, userName: userNameOf(i), userId: i.subject.id, groupId: g.groupId, groupName: g.groupName }));
    }
    const ref = isMover(i) ? parseEntitlement(i.entitlement) : null;
    if (ref?.kind !== 'group') return [];
    return list(i.evidence.viaAccounts).map((userName) => membershipPlan({ instance: ref.instance, userName, groupName: ref.groupName }));
  },
  check: (p, ctx: ActionContext<AwsSsoConfig>) =>
    withClients(ctx, async (c) => {
      let ids: MembershipIds;
      try {
        ids = await membershipIds(c, p);
      } catch (e) {
        if (isGone(e)) return { stillThere: false, state: { exists: false }, detail: `${(e as ActionCallError).message}: nothing to remove` };
        throw e;
      }
      const membershipId = await currentMembership(c, ids);
      return membershipId
        ? { stillThere: true, state: { member: true, membershipId, groupId: ids.groupId, userId: ids.userId }, detail: 'member' }
        : { stillThere: false, state: { member: false, groupId: ids.groupId, userId: ids.userId }, detail: 'no longer in the group' };
    }),
  execute: (p, ctx) =>
    withClients(ctx, async (c) => {
      const ids = await membershipIds(c, p);
      const membershipId = await currentMembership(c, ids);
      if (!membershipId) throw new ActionCallError('Identitystore GetGroupMembershipId', 404, 'no longer in the group', true);
      await ssoCall('Identitystore DeleteGroupMembership', async () => c.store.send(new (await storeSdk()).DeleteGroupMembershipCommand({ IdentityStoreId: ids.identityStoreId, MembershipId: membershipId })));
    }),
  undo: (p, ctx) =>
    withClients(ctx, async (c) => {
      const ids = await membershipIds(c, p);
      await ssoCall('Identitystore CreateGroupMembership', async () =>
        c.store.send(new (await storeSdk()).CreateGroupMembershipCommand({ IdentityStoreId: ids.identityStoreId, GroupId: ids.groupId, MemberId: { UserId: ids.userId } })),
      );
      return [{ api: 'Identitystore CreateGroupMembership', target: { instance: p.instance!, groupId: ids.groupId, userId: ids.userId } }];
    }),
};

export const awsSsoRevocations: RevocationAction<AwsSsoConfig>[] = [deleteAssignment, removeMembership];

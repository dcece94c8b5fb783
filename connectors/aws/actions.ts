// What driftgraph can revoke in AWS IAM, least destructive first: deactivate
// an access key (undo: activate), take a user out of a group (undo: add back),
// fence a role with an inline deny-all policy named for driftgraph plus
// AWSRevokeOlderSessions (undo: delete the driftgraph policy), and delete a
// console password (cannot be undone: a new password has to be set). A
// Secrets Manager secret is deleted with a recovery window (undo: restore).
// The IAM SDK is loaded on the first call: planning and scans never need it.
const iamSdk = () => import('@aws-sdk/client-iam');
import type { PlannedRevocation, RemediationInput, RevocationAction } from '../../src/sources/connector.js';
import type { AwsConfig } from './config.js';
import { iamCall, iamFor, isGone } from './actions-client.js';
import { deleteSecret } from './actions-secrets.js';

export const DENY_POLICY = 'driftgraph-revoked';
export const REVOKE_SESSIONS_POLICY = 'AWSRevokeOlderSessions';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const isUser = (i: RemediationInput) => i.subject.source === 'aws' && i.subject.type === 'user' && i.props.isRoot !== true;
const iamName = (i: RemediationInput) => i.subject.name ?? i.subject.id.split('/').pop() ?? i.subject.id;

function keyPlan(account: string, userName: string, keyId: string): PlannedRevocation {
  return {
    kind: 'aws.deactivate-access-key',
    summary: `deactivate access key ${keyId} of IAM user ${userName} in account ${account}`,
    container: account,
    calls: [{ api: 'IAM UpdateAccessKey', target: { account, UserName: userName, AccessKeyId: keyId, Status: 'Inactive' } }],
    reversible: true,
    undo: 'IAM UpdateAccessKey Status=Active',
    params: { account, userName, accessKeyId: keyId },
  };
}

const deactivateKey: RevocationAction<AwsConfig> = {
  kind: 'aws.deactivate-access-key',
  subjectTypes: ['access-key', 'user'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'aws') return [];
    const account = i.subject.container ?? '';
    if (i.subject.type === 'access-key' && ['deactivate-credential', 'decommission-identity', 'disable-account'].includes(i.action)) {
      return [keyPlan(account, String(i.props.userName ?? i.subject.name ?? ''), i.subject.id)];
    }
    // A leaver's or retired user's keys, as the finding saw them active.
    if (isUser(i) && ['disable-account', 'decommission-identity'].includes(i.action)) {
      return list(i.evidence.activeCredentials).map((k) => keyPlan(account, iamName(i), k));
    }
    return [];
  },
  async check(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    try {
      const keys = await iamCall('ListAccessKeys', async () => iam.send(new (await iamSdk()).ListAccessKeysCommand({ UserName: p.userName })));
      const key = keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === p.accessKeyId);
      if (!key) return { stillThere: false, state: { exists: false }, detail: 'the access key no longer exists' };
      return { stillThere: key.Status === 'Active', state: { exists: true, status: key.Status ?? null }, detail: key.Status === 'Active' ? 'active' : `the access key is already ${key.Status}` };
    } catch (e) {
      if (isGone(e)) return { stillThere: false, state: { exists: false }, detail: 'the user no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('UpdateAccessKey', async () => iam.send(new (await iamSdk()).UpdateAccessKeyCommand({ UserName: p.userName, AccessKeyId: p.accessKeyId, Status: 'Inactive' })));
  },
  async undo(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('UpdateAccessKey', async () => iam.send(new (await iamSdk()).UpdateAccessKeyCommand({ UserName: p.userName, AccessKeyId: p.accessKeyId, Status: 'Active' })));
    return [{ api: 'IAM UpdateAccessKey', target: { account: p.account!, UserName: p.userName!, AccessKeyId: p.accessKeyId!, Status: 'Active' } }];
  },
};

const removeFromGroup: RevocationAction<AwsConfig> = {
  kind: 'aws.remove-user-from-group',
  subjectTypes: ['person'],
  reversible: true,
  plan(i) {
    // A mover's finding: the subject is the HR person; the group and the IAM users are in the evidence.
    const m = /^arn:aws[\w-]*:iam::(\d{12}):group\/(?:.*\/)?([^/]+)$/.exec(i.entitlement ?? '');
    if (i.action !== 'remove-entitlement' || !m) return [];
    const [, account, group] = m as unknown as [string, string, string];
    return list(i.evidence.viaAccounts).map((userName) => ({
      kind: 'aws.remove-user-from-group',
      summary: `remove IAM user ${userName} from group ${group} in account ${account}`,
      container: account,
      calls: [{ api: 'IAM RemoveUserFromGroup', target: { account, UserName: userName, GroupName: group } }],
      reversible: true,
      undo: 'IAM AddUserToGroup',
      params: { account, userName, groupName: group },
    }));
  },
  async check(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    try {
      const out = await iamCall('ListGroupsForUser', async () => iam.send(new (await iamSdk()).ListGroupsForUserCommand({ UserName: p.userName })));
      const groups = (out.Groups ?? []).map((g) => g.GroupName ?? '');
      const member = groups.includes(p.groupName!);
      return { stillThere: member, state: { groups }, detail: member ? 'member' : 'no longer in the group' };
    } catch (e) {
      if (isGone(e)) return { stillThere: false, state: { exists: false }, detail: 'the user no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('RemoveUserFromGroup', async () => iam.send(new (await iamSdk()).RemoveUserFromGroupCommand({ UserName: p.userName, GroupName: p.groupName })));
  },
  async undo(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('AddUserToGroup', async () => iam.send(new (await iamSdk()).AddUserToGroupCommand({ UserName: p.userName, GroupName: p.groupName })));
    return [{ api: 'IAM AddUserToGroup', target: { account: p.account!, UserName: p.userName!, GroupName: p.groupName! } }];
  },
};

const DENY_ALL = { Version: '2012-10-17', Statement: [{ Sid: 'DriftgraphRevoked', Effect: 'Deny', Action: '*', Resource: '*' }] };
const revokeOlder = (at: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': at } } }],
});

const fenceRole: RevocationAction<AwsConfig> = {
  kind: 'aws.deny-role',
  subjectTypes: ['role'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'aws' || i.subject.type !== 'role' || !['decommission-identity', 'disable-account'].includes(i.action)) return [];
    if (i.props.providerManaged === true || /^\/aws-service-role\//.test(String(i.props.path ?? ''))) return [];
    const account = i.subject.container ?? '';
    const role = iamName(i);
    const planned: PlannedRevocation[] = [
      {
        kind: 'aws.deny-role',
        summary: `deny everything to IAM role ${role} in account ${account} (inline policy ${DENY_POLICY}) and revoke its older sessions`,
        container: account,
        calls: [
          { api: 'IAM PutRolePolicy', target: { account, RoleName: role, PolicyName: DENY_POLICY, Effect: 'Deny', Action: '*' } },
          { api: 'IAM PutRolePolicy', target: { account, RoleName: role, PolicyName: REVOKE_SESSIONS_POLICY, Condition: 'aws:TokenIssueTime < now' } },
        ],
        reversible: true,
        undo: `IAM DeleteRolePolicy ${DENY_POLICY} (${REVOKE_SESSIONS_POLICY} stays: sessions issued before it remain revoked)`,
        params: { account, roleName: role },
      },
    ];
    return planned;
  },
  async check(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    try {
      await iamCall('GetRole', async () => iam.send(new (await iamSdk()).GetRoleCommand({ RoleName: p.roleName })));
      const out = await iamCall('ListRolePolicies', async () => iam.send(new (await iamSdk()).ListRolePoliciesCommand({ RoleName: p.roleName })));
      const names = out.PolicyNames ?? [];
      const fenced = names.includes(DENY_POLICY);
      return { stillThere: !fenced, state: { exists: true, inlinePolicies: names }, detail: fenced ? `the role already carries ${DENY_POLICY}` : 'usable' };
    } catch (e) {
      if (isGone(e)) return { stillThere: false, state: { exists: false }, detail: 'the role no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('PutRolePolicy', async () => iam.send(new (await iamSdk()).PutRolePolicyCommand({ RoleName: p.roleName, PolicyName: DENY_POLICY, PolicyDocument: JSON.stringify(DENY_ALL) })));
    const at = new Date().toISOString();
    await iamCall('PutRolePolicy', async () => iam.send(new (await iamSdk()).PutRolePolicyCommand({ RoleName: p.roleName, PolicyName: REVOKE_SESSIONS_POLICY, PolicyDocument: JSON.stringify(revokeOlder(at)) })));
  },
  async undo(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('DeleteRolePolicy', async () => iam.send(new (await iamSdk()).DeleteRolePolicyCommand({ RoleName: p.roleName, PolicyName: DENY_POLICY })));
    return [{ api: 'IAM DeleteRolePolicy', target: { account: p.account!, RoleName: p.roleName!, PolicyName: DENY_POLICY } }];
  },
};

const deleteLoginProfile: RevocationAction<AwsConfig> = {
  kind: 'aws.delete-login-profile',
  subjectTypes: ['user'],
  reversible: false,
  plan(i) {
    if (!isUser(i) || i.props.hasPassword !== true) return [];
    if (!['disable-account', 'decommission-identity', 'remove-console-access'].includes(i.action)) return [];
    const account = i.subject.container ?? '';
    const user = iamName(i);
    return [
      {
        kind: 'aws.delete-login-profile',
        summary: `delete the console password of IAM user ${user} in account ${account}`,
        container: account,
        calls: [{ api: 'IAM DeleteLoginProfile', target: { account, UserName: user } }],
        reversible: false,
        params: { account, userName: user },
      },
    ];
  },
  async check(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    try {
      await iamCall('GetLoginProfile', async () => iam.send(new (await iamSdk()).GetLoginProfileCommand({ UserName: p.userName })));
      return { stillThere: true, state: { loginProfile: true }, detail: 'has a console password' };
    } catch (e) {
      if (isGone(e)) return { stillThere: false, state: { loginProfile: false }, detail: 'no console password any more' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const iam = await iamFor(ctx.config, ctx.env, p.account!);
    await iamCall('DeleteLoginProfile', async () => iam.send(new (await iamSdk()).DeleteLoginProfileCommand({ UserName: p.userName })));
  },
};

/** Least destructive first: reversible actions before the password, which cannot be put back. */
export const awsRevocations: RevocationAction<AwsConfig>[] = [deactivateKey, removeFromGroup, fenceRole, deleteSecret, deleteLoginProfile];

// A small Identity Center estate for the live tests: one instance with a
// leaver-like user holding a direct assignment and a group, a permission set
// per privilege case, and accounts where some pairs are never provisioned.
import { emptyInstance, psArnFor, type SsoEstateInstance } from '../servers/sso-estate.js';

export const INSTANCE = 'ssoins-1111222233334444';
export const STORE = 'd-1111111111';
export const uid = (n: number) => `90000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const gid = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A value planted in fields the collector must not keep (the Identity Store has no secrets, but it echoes much). */
export const PLANTED = 'planted-value-never-stored-7f3a';

export function smallInstance(id = INSTANCE, store = STORE): SsoEstateInstance {
  const i = emptyInstance(id, store);
  const ps = (n: number) => psArnFor(i.instanceArn, n);
  i.permissionSets.push(
    { arn: ps(1), name: 'AdministratorAccess', managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], customer: [], inline: '' },
    { arn: ps(2), name: 'ReadOnly', managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], customer: [{ Name: 'extra-read', Path: '/team/' }], inline: '' },
    {
      arn: ps(3),
      name: 'IamWriter',
      managed: [],
      customer: [],
      inline: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::*:role/app-*' }] }),
      boundary: { CustomerManagedPolicyReference: { Name: 'boundary', Path: '/' } },
    },
    { arn: ps(4), name: 'Unused', managed: ['arn:aws:iam::aws:policy/PowerUserAccess'], customer: [], inline: '' },
  );
  const user = (n: number, name: string, extra: Partial<SsoEstateInstance['users'][number]> = {}) =>
    i.users.push({ UserId: uid(n), UserName: name, DisplayName: name, Emails: [{ Value: name, Primary: true, Type: 'work' }], UserStatus: 'ENABLED', CreatedAt: 1700000000, ...extra });
  user(1, 'leo@example.com', {
    extra: {
      PhoneNumbers: [{ Value: PLANTED, Type: 'work' }],
      Addresses: [{ StreetAddress: PLANTED }],
      Extensions: { 'aws:identitystore:enterprise': { employeeNumber: PLANTED } },
      Title: PLANTED,
    },
  });
  user(2, 'mia@example.com');
  user(3, 'ned@example.com', { UserStatus: 'DISABLED' });
  for (let n = 4; n <= 9; n++) user(n, `member${n}@example.com`);
  i.groups.push({ GroupId: gid(1), DisplayName: 'platform-admins' }, { GroupId: gid(2), DisplayName: "readers; echo 'x'" });
  i.memberships.set(gid(1), [{ MembershipId: 'm-1-1', UserId: uid(1) }, { MembershipId: 'm-1-3', UserId: uid(3) }]);
  i.memberships.set(gid(2), [2, 4, 5, 6, 7, 8, 9].map((n) => ({ MembershipId: `m-2-${n}`, UserId: uid(n) })));
  i.assignments.push(
    { accountId: '111111111111', permissionSetArn: ps(1), principalType: 'USER', principalId: uid(1) },
    { accountId: '222222222222', permissionSetArn: ps(1), principalType: 'GROUP', principalId: gid(1) },
    { accountId: '111111111111', permissionSetArn: ps(2), principalType: 'GROUP', principalId: gid(2) },
    { accountId: '222222222222', permissionSetArn: ps(2), principalType: 'GROUP', principalId: gid(2) },
    { accountId: '333333333333', permissionSetArn: ps(3), principalType: 'USER', principalId: uid(2) },
  );
  return i;
}

/** Credentials and endpoint for the SDKs, as the process environment gives them. */
export function sdkEnv(url: string): NodeJS.ProcessEnv {
  return {
    DRIFTGRAPH_AWS_ENDPOINT: url,
    AWS_ACCESS_KEY_ID: 'AKIATESTSSO000000001',
    AWS_SECRET_ACCESS_KEY: 'test-sso-secret-never-stored-0001',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The SDK reads credentials from process.env: set them for one test and put everything back. */
export function withProcessEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, env, { AWS_PROFILE: '' });
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}

// Reading `aws-sso/<instance>/` folders in every form the CLI and the API
// write them (one `{"Users": [...]}` page, an array of pages, the bare list;
// ISO or epoch-second timestamps), and failing one instance only, naming the
// file and the JSON path, for what cannot be read. CloudTrail sign-ins: only
// a successful use by this store's user counts; an unreadable event is
// skipped and counted.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { awsSsoConnector } from '../../connectors/aws-sso/index.js';
import { useOf } from '../../connectors/aws-sso/cloudtrail.js';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
const A = 'ssoins-aaaaaaaaaaaaaaaa';
const B = 'ssoins-bbbbbbbbbbbbbbbb';
const PS = `arn:aws:sso:::permissionSet/${A}/ps-00000000000000aa`;

async function snapshot(files: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sso-snap-'));
  roots.push(root);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return root;
}

const load = (snapshotDir: string, config?: { privilegedPermissionSets?: string[] }) =>
  awsSsoConnector.loadSnapshot({ snapshotDir, now: '2026-11-20T02:00:00Z', config, shared: {}, progress: { step: () => {} } });

const user = (id: string, extra: Record<string, unknown> = {}) => ({ IdentityStoreId: 'd-1', UserId: id, UserName: `${id}@example.com`, ...extra });

test('every file form loads; an instance that cannot be read fails alone, naming file and path', async () => {
  const dir = await snapshot({
    // A: the CLI's one page for users, an array of pages for groups, the bare list for assignments; epoch seconds.
    [`aws-sso/${A}/users.json`]: { Users: [user('u1', { CreatedAt: 1700000000, Emails: [{ Value: 'Other@Example.com' }, { Value: 'Main@Example.com', Primary: true }] }), user('u2', { UserStatus: 'DISABLED' })], NextToken: null },
    [`aws-sso/${A}/groups.json`]: [{ Groups: [{ GroupId: 'g1', DisplayName: 'ops' }], NextToken: 'x' }, { Groups: [] }],
    [`aws-sso/${A}/group-memberships/g1.json`]: { GroupMemberships: [{ MembershipId: 'm1', GroupId: 'g1', MemberId: { UserId: 'u2' } }, { MembershipId: 'm2', GroupId: 'g1', MemberId: { UserId: 'u1' } }] },
    [`aws-sso/${A}/permission-sets.json`]: [{ PermissionSetArn: PS, Name: 'Deploy', InlinePolicy: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } } }],
    [`aws-sso/${A}/account-assignments.json`]: [{ AccountId: '111111111111', PermissionSetArn: PS, PrincipalType: 'GROUP', PrincipalId: 'g1' }],
    // B: an assignment with a principal type AWS does not have.
    [`aws-sso/${B}/users.json`]: [user('u9')],
    [`aws-sso/${B}/account-assignments.json`]: { AccountAssignments: [{ AccountId: '111111111111', PermissionSetArn: PS, PrincipalType: 'ROLE', PrincipalId: 'u9' }] },
    'aws-sso/not-an-instance/users.json': [],
  });
  const l = await load(dir, { privilegedPermissionSets: ['Deploy'] });
  assert.deepEqual(l.containers, [A]);
  assert.deepEqual(l.failed.map((f) => [f.container, f.place?.file, f.place?.path]), [
    [B, `aws-sso/${B}/account-assignments.json`, '$.AccountAssignments[0].PrincipalType'],
    ['not-an-instance', 'aws-sso/not-an-instance', undefined],
  ]);
  const u1 = l.graph.nodes.find((n) => n.props.nativeId === 'u1')!.props;
  assert.equal(u1.createdAt, '2023-11-14T22:13:20.000Z');
  assert.deepEqual(u1.linkValues, ['email:main@example.com', 'email:other@example.com', 'email:u1@example.com']);
  assert.equal(u1.active, true);
  assert.deepEqual(u1.privilegeReasons, ['Deploy@111111111111 via group ops: listed in privilegedPermissionSets']);
  assert.equal(l.graph.nodes.find((n) => n.props.nativeId === 'u2')!.props.active, false, 'DISABLED holds the group but is not active');
  assert.match(l.warnings.join('\n'), /cloudtrail|absent/);
});

test('a broken inline policy or a missing users.json fails the instance', async () => {
  const dir = await snapshot({
    [`aws-sso/${A}/users.json`]: [user('u1')],
    [`aws-sso/${A}/permission-sets.json`]: [{ PermissionSetArn: PS, Name: 'Deploy', InlinePolicy: '{"Statement": [' }],
    [`aws-sso/${B}/groups.json`]: [],
  });
  const l = await load(dir);
  assert.deepEqual(l.containers, []);
  assert.match(l.failed[0]!.error, /inline policy is not valid JSON/);
  assert.equal(l.failed[0]!.place?.file, `aws-sso/${A}/permission-sets.json`);
  assert.match(l.failed[1]!.error, /needs users.json/);
});

test('sign-ins: only successful use by this store\'s users; unreadable events skipped and counted', async () => {
  const ui = (userId: string, store = 'd-1') => ({ type: 'IdentityCenterUser', onBehalfOf: { userId, identityStoreArn: `arn:aws:identitystore::111111111111:identitystore/${store}` } });
  const stores = new Set(['d-1']);
  const ok = { eventTime: '2026-11-01T10:00:00Z', eventSource: 'sso.amazonaws.com', eventName: 'GetRoleCredentials', userIdentity: ui('u1') };
  assert.deepEqual(useOf(ok, stores), { userId: 'u1', at: '2026-11-01T10:00:00.000Z' });
  assert.equal(useOf({ ...ok, errorCode: 'AccessDenied' }, stores), null);
  assert.equal(useOf({ ...ok, eventName: 'CredentialVerification', eventSource: 'signin.amazonaws.com', serviceEventDetails: { CredentialVerification: 'Failure' } }, stores), null);
  assert.equal(useOf({ ...ok, userIdentity: ui('u1', 'd-other') }, stores), null, 'another instance\'s store');
  assert.equal(useOf({ ...ok, eventName: 'ListAccounts' }, stores), null, 'not a sign-in or credential fetch');

  const records = [ok, { ...ok, eventTime: '2026-11-05T10:00:00Z', eventName: 'Federate' }, { ...ok, eventTime: 'yesterday' }];
  for (let i = 0; i < 200; i++) records.push({ ...ok, userIdentity: ui(`other-${i}`) });
  const dir = await snapshot({
    [`aws-sso/${A}/users.json`]: [user('u1', { CreatedAt: '2024-01-01T00:00:00Z' })],
    [`aws-sso/${A}/cloudtrail/2026/11/trail.json`]: { Records: records },
  });
  const l = await load(dir);
  assert.deepEqual(l.failed, []);
  const u1 = l.graph.nodes.find((n) => n.props.nativeId === 'u1')!.props;
  assert.equal(u1.lastUsedAt, '2026-11-05T10:00:00.000Z');
  assert.equal(u1.usageReported, true);
  assert.match(l.warnings.join('\n'), /1 of 203 events skipped as unreadable/);
});

test('a group assigned in many accounts does not copy every assignment onto each member', async () => {
  const assignments = Array.from({ length: 150 }, (_, i) => ({ AccountId: String(100000000000 + i), PermissionSetArn: PS, PrincipalType: 'GROUP', PrincipalId: 'g1' }));
  const dir = await snapshot({
    [`aws-sso/${A}/users.json`]: [user('u1')],
    [`aws-sso/${A}/groups.json`]: [{ GroupId: 'g1', DisplayName: 'everywhere' }],
    [`aws-sso/${A}/group-memberships/g1.json`]: [{ MembershipId: 'm1', MemberId: { UserId: 'u1' } }],
    [`aws-sso/${A}/permission-sets.json`]: [{ PermissionSetArn: PS, Name: 'Admin', ManagedPolicies: [{ Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
    [`aws-sso/${A}/account-assignments.json`]: assignments,
  });
  const l = await load(dir);
  const u1 = l.graph.nodes.find((n) => n.props.nativeId === 'u1')!.props;
  assert.equal((u1.roles as string[]).length, 101);
  assert.equal((u1.roles as string[])[100], '… and 50 more');
  assert.equal((u1.privilegeReasons as string[]).length, 101);
  assert.equal(u1.privileged, true);
});

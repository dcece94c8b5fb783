// The AWS revocation actions through the real @aws-sdk/client-iam against the
// local IAM query-protocol server: each action's re-check, call and undo;
// 404 (already gone) seen by the re-check; Throttling retried by the SDK;
// a 5xx that outlasts the retries fails with the IAM call named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsRevocations, DENY_POLICY, REVOKE_SESSIONS_POLICY } from '../connectors/aws/actions.js';
import { ActionCallError, type RemediationInput } from '../src/sources/connector.js';
import { emptyAccount, type EstateAccount } from './servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from './servers/iam-server.js';

const ACCOUNT = '111122223333';

function account(): EstateAccount {
  const a = emptyAccount(ACCOUNT);
  const user = (name: string, extra: Partial<EstateAccount['users'][number]> = {}) => ({
    name, id: `AIDA${name.length}X`, path: '/', created: '2024-01-01T00:00:00Z', tags: [], groups: [], inlinePolicies: [], attachedPolicies: [], mfa: false, keys: [], ...extra,
  });
  a.groups.push({ name: 'payments-admins', id: 'AGPA1', path: '/', created: '2024-01-01T00:00:00Z', inlinePolicies: [], attachedPolicies: [] });
  a.users.push(
    user('leo', { password: { lastChanged: '2024-01-01T00:00:00Z' }, groups: ['payments-admins'], keys: [{ id: 'AKIALEO0000000000001', status: 'Active', created: '2024-01-01T00:00:00Z' }] }),
    user('ned', { keys: [{ id: 'AKIANED0000000000001', status: 'Inactive', created: '2024-01-01T00:00:00Z' }] }),
  );
  a.roles.push({ name: 'batch-old', id: 'AROA1', path: '/', created: '2024-01-01T00:00:00Z', trustPolicy: {}, tags: [], inlinePolicies: [], attachedPolicies: [] });
  return a;
}

const input = (over: Partial<RemediationInput>): RemediationInput => ({
  ruleId: 'r',
  action: 'disable-account',
  subject: { source: 'aws', container: ACCOUNT, type: 'user', id: `arn:aws:iam::${ACCOUNT}:user/leo`, name: 'leo' },
  props: {},
  evidence: {},
  entitlement: null,
  ...over,
});

const kind = (k: string) => awsRevocations.find((a) => a.kind === k)!;

test('AWS actions: plan, re-check, execute and undo against IAM', async () => {
  const estate = account();
  const server = await startIamServer({ estate: { managementAccountId: ACCOUNT, accounts: [estate] }, faults: { throttle: { UpdateAccessKey: 2 } } });
  const ctx = {
    config: {},
    env: { DRIFTGRAPH_AWS_ENDPOINT: server.url, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY },
  };
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_REGION: 'us-east-1', AWS_PROFILE: '' });
  try {
    // A leaver with a password and an active key: the key first (reversible), then the password.
    const leaver = input({ props: { hasPassword: true }, evidence: { activeCredentials: ['AKIALEO0000000000001'] } });
    const plans = awsRevocations.flatMap((a) => a.plan(leaver));
    assert.deepEqual(plans.map((p) => p.kind), ['aws.deactivate-access-key', 'aws.delete-login-profile']);
    assert.deepEqual(plans.map((p) => p.reversible), [true, false]);

    const key = kind('aws.deactivate-access-key');
    const keyParams = plans[0]!.params;
    assert.equal((await key.check(keyParams, ctx)).stillThere, true);
    await key.execute(keyParams, ctx); // throttled twice, retried by the SDK
    assert.equal(server.counts.get('UpdateAccessKey'), 3);
    const after = await key.check(keyParams, ctx);
    assert.deepEqual([after.stillThere, after.detail], [false, 'the access key is already Inactive']);
    await key.undo!(keyParams, ctx);
    assert.equal(estate.users[0]!.keys[0]!.status, 'Active');

    const password = kind('aws.delete-login-profile');
    assert.equal((await password.check(plans[1]!.params, ctx)).stillThere, true);
    await password.execute(plans[1]!.params, ctx);
    assert.equal(estate.users[0]!.password, undefined);
    // Gone now: the re-check says so (404 NoSuchEntity), and a second call fails as already gone.
    assert.equal((await password.check(plans[1]!.params, ctx)).stillThere, false);
    await assert.rejects(password.execute(plans[1]!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.gone && e.call === 'IAM DeleteLoginProfile');

    // A mover's group, named by its ARN.
    const group = kind('aws.remove-user-from-group');
    const [gp] = group.plan(input({ action: 'remove-entitlement', subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null }, entitlement: `arn:aws:iam::${ACCOUNT}:group/payments-admins`, evidence: { viaAccounts: ['leo'] } }));
    assert.equal((await group.check(gp!.params, ctx)).stillThere, true);
    await group.execute(gp!.params, ctx);
    assert.deepEqual(estate.users[0]!.groups, []);
    await group.undo!(gp!.params, ctx);
    assert.deepEqual(estate.users[0]!.groups, ['payments-admins']);

    // A role: fenced with the deny-all policy and AWSRevokeOlderSessions; undo deletes the driftgraph policy only.
    const role = kind('aws.deny-role');
    const [rp] = role.plan(input({ action: 'decommission-identity', subject: { source: 'aws', container: ACCOUNT, type: 'role', id: `arn:aws:iam::${ACCOUNT}:role/batch-old`, name: 'batch-old' } }));
    assert.equal((await role.check(rp!.params, ctx)).stillThere, true);
    await role.execute(rp!.params, ctx);
    assert.deepEqual(estate.roles[0]!.inlinePolicies.map((p) => p.name), [DENY_POLICY, REVOKE_SESSIONS_POLICY]);
    assert.equal((await role.check(rp!.params, ctx)).stillThere, false);
    await role.undo!(rp!.params, ctx);
    assert.deepEqual(estate.roles[0]!.inlinePolicies.map((p) => p.name), [REVOKE_SESSIONS_POLICY]);

    // A key of a user that is gone: the re-check says gone, nothing is called.
    const gone = await key.check({ account: ACCOUNT, userName: 'nobody', accessKeyId: 'AKIAX' }, ctx);
    assert.deepEqual([gone.stillThere, gone.detail], [false, 'the user no longer exists']);

    // 5xx past the SDK's retries: the action fails, naming the IAM call and the status.
    server.faults.fail.UpdateAccessKey = 10;
    await assert.rejects(key.execute(keyParams, ctx), (e: unknown) => e instanceof ActionCallError && e.call === 'IAM UpdateAccessKey' && e.status === 500 && !e.gone);
    assert.deepEqual(server.writes, [
      `${ACCOUNT} UpdateAccessKey leo AKIALEO0000000000001 Inactive`,
      `${ACCOUNT} UpdateAccessKey leo AKIALEO0000000000001 Active`,
      `${ACCOUNT} DeleteLoginProfile leo`,
      `${ACCOUNT} RemoveUserFromGroup leo payments-admins`,
      `${ACCOUNT} AddUserToGroup leo payments-admins`,
      `${ACCOUNT} PutRolePolicy batch-old ${DENY_POLICY}`,
      `${ACCOUNT} PutRolePolicy batch-old ${REVOKE_SESSIONS_POLICY}`,
      `${ACCOUNT} DeleteRolePolicy batch-old ${DENY_POLICY}`,
    ]);
  } finally {
    process.env = saved;
    await server.close();
  }
});

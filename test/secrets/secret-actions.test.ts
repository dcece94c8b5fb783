// Revoking secrets through the real clients against the local servers: AWS
// deletes with a 30-day recovery window (undo: RestoreSecret), never a
// provider-managed secret; GCP disables each enabled version (undo: enable).
// The live check comes first and sees what an earlier action already did.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsRevocations } from '../../connectors/aws/actions.js';
import { gcpRevocations } from '../../connectors/gcp/actions.js';
import type { RemediationInput } from '../../src/sources/connector.js';
import { emptyAccount } from '../servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../servers/iam-server.js';
import { secretsEstate } from '../servers/secrets-manager-api.js';
import { startGcpServer, TEST_TOKEN } from '../servers/gcp-server.js';

const ACCOUNT = '111111111111';
const ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/ftp-AbC123`;

const input = (over: Partial<RemediationInput>): RemediationInput => ({
  ruleId: 'stale-credential',
  action: 'deactivate-credential',
  subject: { source: 'aws', container: ACCOUNT, type: 'secret', id: ARN, name: 'prod/ftp' },
  props: { region: 'eu-west-1' },
  evidence: {},
  entitlement: null,
  ...over,
});

test('AWS: delete a secret with a recovery window, see it done, restore it', async () => {
  const secrets = secretsEstate({ [ACCOUNT]: { 'eu-west-1': [{ ARN, Name: 'prod/ftp', CreatedDate: '2025-01-01T00:00:00Z' }] } });
  const server = await startIamServer({ estate: { managementAccountId: ACCOUNT, accounts: [emptyAccount(ACCOUNT)] }, secrets, faults: { throttle: { DeleteSecret: 1 } } });
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_PROFILE: '' });
  const ctx = { config: {}, env: { DRIFTGRAPH_AWS_ENDPOINT: server.url } };
  try {
    const plans = awsRevocations.flatMap((a) => a.plan(input({})));
    assert.deepEqual(plans.map((p) => [p.kind, p.reversible]), [['aws.delete-secret', true]]);
    assert.deepEqual(plans[0]!.calls, [{ api: 'SecretsManager DeleteSecret', target: { account: ACCOUNT, region: 'eu-west-1', SecretId: ARN, RecoveryWindowInDays: '30' } }]);
    // Owners and rotation are no revocation; a provider-managed secret is its service's.
    assert.deepEqual(awsRevocations.flatMap((a) => a.plan(input({ action: 'rotate-credential' }))), []);
    assert.deepEqual(awsRevocations.flatMap((a) => a.plan(input({ props: { providerManaged: true } }))), []);

    const del = awsRevocations.find((a) => a.kind === 'aws.delete-secret')!;
    const p = plans[0]!.params;
    assert.equal((await del.check(p, ctx)).stillThere, true);
    await del.execute(p, ctx); // throttled once, retried by the SDK
    assert.deepEqual(server.writes, [`${ACCOUNT} eu-west-1 DeleteSecret ${ARN} 30`]);
    const after = await del.check(p, ctx);
    assert.equal(after.stillThere, false);
    assert.equal(after.detail, 'the secret is already scheduled for deletion');
    assert.deepEqual(await del.undo!(p, ctx), [{ api: 'SecretsManager RestoreSecret', target: { account: ACCOUNT, region: 'eu-west-1', SecretId: ARN } }]);
    assert.equal((await del.check(p, ctx)).stillThere, true);
    const gone = await del.check({ ...p, secretId: `${ARN}x` }, ctx);
    assert.deepEqual([gone.stillThere, gone.detail], [false, 'the secret no longer exists']);
    assert.equal(server.counts.get('GetSecretValue'), undefined);
  } finally {
    process.env = saved;
    await server.close();
  }
});

test('GCP: disable each enabled version, see it done, enable it again', async () => {
  const name = 'projects/407/secrets/looker-db';
  const served = {
    projectId: 'proj-a',
    number: '407',
    serviceAccounts: [],
    keys: [],
    policy: { version: 3, bindings: [] },
    accountActivities: [],
    keyActivities: [],
    pools: [],
    secrets: [{ name, versions: [{ name: `${name}/versions/2`, state: 'ENABLED' }, { name: `${name}/versions/1`, state: 'ENABLED' }] }],
  };
  const server = await startGcpServer([served]);
  const saved = process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN;
  process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN = TEST_TOKEN;
  const ctx = { config: { endpoints: { secretmanager: server.url }, retries: 1 }, env: {} };
  try {
    const subject = { source: 'gcp', container: 'proj-a', type: 'secret', id: name, name: 'looker-db' };
    const plans = gcpRevocations.flatMap((a) => a.plan(input({ action: 'decommission-identity', subject, props: { enabledVersions: ['2', '1'] } })));
    assert.deepEqual(plans.map((p) => p.params.name), [`${name}/versions/2`, `${name}/versions/1`]);
    // Versions unknown to the scan: nothing is guessed.
    assert.deepEqual(gcpRevocations.flatMap((a) => a.plan(input({ subject, props: {} }))), []);

    const act = gcpRevocations.find((a) => a.kind === 'gcp.disable-secret-version')!;
    for (const p of plans) {
      assert.equal((await act.check(p.params, ctx)).stillThere, true);
      await act.execute(p.params, ctx);
      assert.equal((await act.check(p.params, ctx)).detail, 'the version is already DISABLED');
    }
    assert.deepEqual(server.write.writes, plans.map((p) => `disable secretVersion ${p.params.name}`));
    await act.undo!(plans[0]!.params, ctx);
    assert.equal((await act.check(plans[0]!.params, ctx)).stillThere, true);
    const gone = await act.check({ ...plans[0]!.params, name: `${name}/versions/9` }, ctx);
    assert.deepEqual([gone.stillThere, gone.detail], [false, 'the version no longer exists']);
  } finally {
    if (saved === undefined) delete process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN;
    else process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN = saved;
    await server.close();
  }
});

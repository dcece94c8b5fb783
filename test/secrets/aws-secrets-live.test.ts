// Live Secrets Manager collection with the real SDK client against the local
// AWS server (JSON 1.1, SigV4 regions): every page of every region, secrets
// scheduled for deletion included, throttling retried, only metadata fields
// written, and a refused ListSecrets failing its own account only.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { awsClientFactory, collectAwsAccounts } from '../../connectors/aws/collect.js';
import type { AwsConfig } from '../../connectors/aws/config.js';
import { mapAccount } from '../../connectors/aws/map.js';
import { readAccountSnapshot } from '../../connectors/aws/read-snapshot.js';
import { emptyAccount, type Estate, type EstateAccount } from '../servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type IamServerOptions } from '../servers/iam-server.js';
import { secretsEstate } from '../servers/secrets-manager-api.js';

const MGMT = '111111111111';
const A = '222222222222';
const B = '333333333333';
const ROLE = 'OrganizationAccountAccessRole';
const PLANTED = 'planted-value-9f8e7d6c5b4a3f2e1d0c';

function member(id: string): EstateAccount {
  const acct = emptyAccount(id);
  acct.roles.push({
    name: ROLE,
    id: `AROA${id}00000001`,
    path: '/',
    created: '2024-01-01T00:00:00Z',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }] },
    tags: [],
    inlinePolicies: [],
    attachedPolicies: [],
  });
  return acct;
}

const estate: Estate = { managementAccountId: MGMT, accounts: [emptyAccount(MGMT), member(A), member(B)] };

function secret(account: string, region: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    ARN: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbC123`,
    Name: name,
    CreatedDate: '2026-01-01T10:00:00Z',
    LastChangedDate: '2026-02-01T10:00:00Z',
    LastAccessedDate: '2026-11-18T00:00:00Z',
    RotationEnabled: false,
    Tags: [{ Key: 'owner', Value: 'platform@example.com' }],
    // Never in a ListSecrets answer; served here to prove only metadata is written.
    SecretString: PLANTED,
    SecretVersionsToStages: { 'a1b2c3d4-0000-4000-8000-000000000001': ['AWSCURRENT'] },
    ...extra,
  };
}

function served() {
  const eu = Array.from({ length: 130 }, (_, i) => secret(A, 'eu-west-1', `app/s${String(i).padStart(3, '0')}`));
  const us = [
    secret(A, 'us-east-1', 'app/current'),
    secret(A, 'us-east-1', 'app/deleted', { DeletedDate: '2026-11-15T10:00:00Z' }),
    secret(A, 'us-east-1', 'rds!db-1', { OwningService: 'rds', Tags: undefined }),
  ];
  return secretsEstate({ [A]: { 'eu-west-1': eu, 'us-east-1': us }, [B]: { 'eu-west-1': [secret(B, 'eu-west-1', 'b/one')] } });
}

const config: { aws: AwsConfig } = {
  aws: { organizations: { roleName: ROLE, includeManagementAccount: true }, secretsManager: { regions: ['eu-west-1', 'us-east-1'] }, concurrency: 2 },
};

async function run(faults: IamServerOptions['faults'], check: (out: string, stats: Awaited<ReturnType<typeof collectAwsAccounts>>, lines: string[]) => Promise<void>) {
  const server = await startIamServer({ estate, faults, secrets: served() });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-aws-secrets-'));
  const lines: string[] = [];
  try {
    const clients = awsClientFactory({ endpoint: server.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const stats = await collectAwsAccounts(out, { config, progress: { step: (m) => void lines.push(m) }, now: '2026-11-20T02:00:00Z' }, clients);
    await check(out, stats, lines);
    assert.equal(server.counts.get('GetSecretValue'), undefined, 'no value is ever asked for');
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

test('lists every page of every region, retries throttling, and writes metadata only', async () => {
  await run({ maxItemsCap: 50, throttle: { ListSecrets: 2 } }, async (out, stats) => {
    assert.deepEqual(stats.failed.map((f) => f.error.describe()), []);
    // A: 3 pages in eu-west-1 and 1 in us-east-1; MGMT and B: one page per region each.
    assert.equal(stats.calls['SecretsManager ListSecrets'], 4 + 2 + 2);
    assert.equal(stats.httpRequests['SecretsManager ListSecrets'], 4 + 2 + 2 + 2, 'two throttled attempts retried');
    assert.deepEqual(Object.fromEntries(stats.accounts.map((a) => [a.accountId, a.secrets])), { [MGMT]: 0, [A]: 133, [B]: 1 });

    const text = await readFile(join(out, 'aws', A, 'secrets.json'), 'utf8');
    assert.ok(!text.includes(PLANTED) && !text.includes('SecretString') && !text.includes('SecretVersionsToStages'), 'only metadata fields are written');
    const written = JSON.parse(text) as { SecretList: Record<string, unknown>[] }[];
    assert.deepEqual(written.map((r) => r.SecretList.length), [130, 3], 'one response per region, pages merged');
    assert.equal(written[1]!.SecretList[1]!.DeletedDate, '2026-11-15T10:00:00.000Z', 'a secret scheduled for deletion is listed');

    const snapshot = await readAccountSnapshot({ accountId: A, dir: join(out, 'aws', A) });
    const nodes = mapAccount(snapshot).graph.nodes.filter((n) => n.props.type === 'secret');
    assert.equal(nodes.length, 133);
    const byName = new Map(nodes.map((n) => [n.props.name, n.props]));
    assert.equal(byName.get('app/deleted')!.active, false);
    assert.equal(byName.get('rds!db-1')!.providerManaged, true);
    assert.equal(byName.get('app/current')!.lastUsedAt, '2026-11-18T23:59:59.999Z');
    assert.equal(byName.get('app/current')!.region, 'us-east-1');
    assert.deepEqual(byName.get('app/s000')!.ownerValues, ['platform@example.com']);
  });
});

test('a refused ListSecrets fails that account only, naming the call; nothing of it is written', async () => {
  await run({ deny: { ListSecrets: [B] } }, async (out, stats, lines) => {
    assert.deepEqual(stats.failed.map((f) => f.accountId), [B]);
    const err = stats.failed[0]!.error;
    assert.match(err.message, /SecretsManager ListSecrets \(eu-west-1\) in account 333333333333 failed with AccessDeniedException/);
    assert.equal(err.place.api, 'SecretsManager ListSecrets (eu-west-1)');
    assert.deepEqual((await readdir(join(out, 'aws'))).sort(), [MGMT, A], 'the other accounts are written; the refused one is not');
    assert.ok(!lines.join('\n').includes(PLANTED));
  });
});

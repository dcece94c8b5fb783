// The live AWS collector with the real SDK clients (IAM, STS, Organizations)
// against a local server speaking AWS's wire protocols.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsClientFactory, collectAws, type CollectStats } from '../connectors/aws/collect.js';
import type { AwsConfig } from '../connectors/aws/config.js';
import { SourceError } from '../src/util/errors.js';
import { emptyAccount, generateAccount, type Estate, type EstateAccount, type EstateUser } from './servers/iam-estate.js';
import { CREDENTIAL_REPORT_COLUMNS } from './servers/iam-report.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type IamServer, type IamServerOptions } from './servers/iam-server.js';

const MGMT = '111111111111';
const NOW = '2026-11-20T02:00:00Z';

function user(name: string, keys: EstateUser['keys'], extra: Partial<EstateUser> = {}): EstateUser {
  return { name, id: `AIDA${name.toUpperCase().padEnd(16, 'X')}`, path: '/', created: '2024-01-01T00:00:00Z', tags: [], groups: [], inlinePolicies: [], attachedPolicies: [], mfa: false, keys, ...extra };
}

/** Hand-made users covering each key-matching case, plus generated bulk for pagination. */
function testAccount(id: string): EstateAccount {
  const acct = generateAccount(id, { users: 240, roles: 90, keys: 200, seed: 7 });
  for (const u of acct.users) for (const k of u.keys) delete k.reportedCreated;
  const used = { date: '2026-11-01T10:00:00Z', service: 's3', region: 'eu-west-1' };
  acct.users.push(
    user('alice', [
      { id: 'AKIAALICE00000000001', status: 'Active', created: '2026-01-01T00:00:00Z', lastUsed: used },
      { id: 'AKIAALICE00000000002', status: 'Active', created: '2026-02-01T00:00:00Z' },
    ], { password: { lastChanged: '2024-01-01T00:00:00Z' }, mfa: true, tags: [{ Key: 'email', Value: 'alice@example.com' }] }),
    user('bob', []),
    // Rotated after the report: the report still shows the old key's date.
    user('carol', [{ id: 'AKIACAROL00000000001', status: 'Active', created: '2026-11-19T00:00:00Z', reportedCreated: '2026-01-05T00:00:00Z', lastUsed: used }]),
    // Two keys created in the same second: the report cannot tell them apart.
    user('dave', [
      { id: 'AKIADAVE000000000001', status: 'Active', created: '2026-03-01T00:00:00Z', lastUsed: used },
      { id: 'AKIADAVE000000000002', status: 'Active', created: '2026-03-01T00:00:00Z' },
    ]),
    user('erin', [{ id: 'AKIAERIN000000000001', status: 'Inactive', created: '2025-05-01T00:00:00Z' }]),
    user('frank', [{ id: 'AKIAFRANK00000000001', status: 'Active', created: '2026-11-19T12:00:00Z' }], { afterReport: true }),
  );
  acct.roles.push({
    name: 'driftgraph-reader',
    id: 'AROAREADER0000000001',
    path: '/',
    created: '2024-01-01T00:00:00Z',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }] },
    tags: [],
    inlinePolicies: [],
    attachedPolicies: [],
    externalId: 'ext-123',
  });
  return acct;
}

const staticCredentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
const lines: string[] = [];
const progress = { step: (m: string) => void lines.push(m) };

async function withServer(estate: Estate, faults: IamServerOptions['faults'], run: (server: IamServer, out: string) => Promise<void>) {
  const server = await startIamServer({ estate, faults });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-aws-'));
  try {
    await run(server, out);
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

function collect(server: IamServer, out: string, config: { aws?: AwsConfig } = {}, reportWaitMs?: number): Promise<CollectStats> {
  const clients = awsClientFactory({ endpoint: server.url, credentials: staticCredentials, region: 'us-east-1' });
  return collectAws(out, { config, progress, now: NOW }, clients, { reportWaitMs });
}

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Logical calls plus retries counted by the collector equal what the server saw. */
function assertCountsMatch(stats: CollectStats, server: IamServer) {
  for (const [op, n] of Object.entries(stats.httpRequests)) assert.equal(server.counts.get(op.split(' ')[1]!), n, op);
}

describe('live AWS collect against a local IAM/STS/Organizations server', () => {
  const account = testAccount(MGMT);
  const estate: Estate = { managementAccountId: MGMT, accounts: [account] };

  test('merges every page into the snapshot files', async () => {
    await withServer(estate, { maxItemsCap: 100 }, async (server, out) => {
      const stats = await collect(server, out);
      const dir = join(out, 'aws', MGMT);
      const details = await readJson(join(dir, 'account-authorization-details.json'));
      assert.deepEqual(Object.keys(details).sort(), ['GroupDetailList', 'Policies', 'RoleDetailList', 'UserDetailList']);
      assert.deepEqual(details.UserDetailList.map((u: { UserName: string }) => u.UserName), account.users.map((u) => u.name));
      assert.equal(details.RoleDetailList.length, account.roles.length);
      assert.equal(details.GroupDetailList.length, account.groups.length);
      assert.equal(details.Policies.length, account.policies.length);
      const total = account.users.length + account.roles.length + account.groups.length + account.policies.length;
      assert.equal(stats.accounts[0]!.authorizationDetailsPages, Math.ceil(total / 100));
      assert.equal(server.counts.get('GetAccountAuthorizationDetails'), Math.ceil(total / 100));

      const alice = details.UserDetailList.find((u: { UserName: string }) => u.UserName === 'alice');
      assert.equal(alice.CreateDate, '2024-01-01T00:00:00.000Z');
      assert.deepEqual(alice.Tags, [{ Key: 'email', Value: 'alice@example.com' }]);
      const reader = details.RoleDetailList.find((r: { RoleName: string }) => r.RoleName === 'driftgraph-reader');
      assert.equal(typeof reader.AssumeRolePolicyDocument, 'string', 'policy documents stay URL-encoded as the SDK returns them');
      assert.equal(JSON.parse(decodeURIComponent(reader.AssumeRolePolicyDocument)).Statement[0].Action, 'sts:AssumeRole');

      const csv = (await readFile(join(dir, 'credential-report.csv'), 'utf8')).trim().split('\n');
      assert.equal(csv[0], CREDENTIAL_REPORT_COLUMNS.join(','));
      assert.match(csv[1]!, /^<root_account>,/);
      assert.equal(csv.length, 2 + account.users.filter((u) => !u.afterReport).length, 'header, root, one row per user in the report');
      assertCountsMatch(stats, server);
    });
  });

  test('lists keys only for users the report shows with keys, and looks up last use only when the slot is unclear', async () => {
    await withServer(estate, {}, async (server, out) => {
      const stats = await collect(server, out);
      const keys = await readJson(join(out, 'aws', MGMT, 'access-keys.json'));
      const expected = account.users.flatMap((u) => u.keys.map((k) => k.id)).sort();
      assert.deepEqual(keys.map((k: { AccessKeyId: string }) => k.AccessKeyId).sort(), expected);
      for (const k of keys) assert.deepEqual(Object.keys(k).filter((f) => f !== 'AccessKeyLastUsed').sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);

      const usersWithKeys = account.users.filter((u) => u.keys.length > 0).length;
      assert.equal(server.counts.get('ListAccessKeys'), usersWithKeys, 'bob (no key) is not listed; frank (not in the report) is');
      const lookedUp = keys.filter((k: { AccessKeyLastUsed?: unknown }) => k.AccessKeyLastUsed).map((k: { AccessKeyId: string }) => k.AccessKeyId).sort();
      assert.deepEqual(lookedUp, ['AKIACAROL00000000001', 'AKIADAVE000000000001', 'AKIADAVE000000000002', 'AKIAFRANK00000000001']);
      assert.equal(server.counts.get('GetAccessKeyLastUsed'), 4);
      const carol = keys.find((k: { AccessKeyId: string }) => k.AccessKeyId === 'AKIACAROL00000000001');
      assert.deepEqual(carol.AccessKeyLastUsed, { LastUsedDate: '2026-11-01T10:00:00.000Z', ServiceName: 's3', Region: 'eu-west-1' });
      const dave2 = keys.find((k: { AccessKeyId: string }) => k.AccessKeyId === 'AKIADAVE000000000002');
      assert.deepEqual(dave2.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
      assert.equal(stats.calls['IAM ListAccessKeys'], usersWithKeys);
      assertCountsMatch(stats, server);
    });
  });

  test('retries throttling and still completes', async () => {
    // A small account: after a Throttling the SDK's adaptive limiter slows every later call for a while.
    const small = generateAccount(MGMT, { users: 20, roles: 5, keys: 25 });
    await withServer({ managementAccountId: MGMT, accounts: [small] }, { throttle: { GetAccountAuthorizationDetails: 2, ListAccessKeys: 1 } }, async (server, out) => {
      const stats = await collect(server, out);
      assert.equal(stats.calls['IAM GetAccountAuthorizationDetails'], 1);
      assert.equal(stats.httpRequests['IAM GetAccountAuthorizationDetails'], 3);
      assert.equal(stats.httpRequests['IAM ListAccessKeys'], stats.calls['IAM ListAccessKeys']! + 1);
      assert.equal(stats.totalHttpRequests, stats.totalCalls + 3);
      const details = await readJson(join(out, 'aws', MGMT, 'account-authorization-details.json'));
      assert.equal(details.UserDetailList.length, small.users.length);
      assert.equal((await readJson(join(out, 'aws', MGMT, 'access-keys.json'))).length, 25);
      assertCountsMatch(stats, server);
    });
  });

  test('AccessDenied fails with a SourceError naming the API and writes no folder', async () => {
    await withServer(estate, { deny: { GetAccountAuthorizationDetails: true } }, async (server, out) => {
      const err = await collect(server, out).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof SourceError);
      assert.equal(err.source, 'aws');
      assert.equal(err.place.api, 'IAM GetAccountAuthorizationDetails');
      assert.equal(err.place.status, 403);
      assert.match(err.describe(), /API IAM GetAccountAuthorizationDetails status 403: .*account 111111111111.*AccessDenied.*not authorized to perform: iam:GetAccountAuthorizationDetails/);
      assert.equal((await allFiles(out)).length, 0);
      assert.equal(server.counts.get('GetAccountAuthorizationDetails'), 1, 'AccessDenied is not retried');
    });
  });

  test('a refused ListAccessKeys stops the account without sending the queued calls', async () => {
    await withServer(estate, { deny: { ListAccessKeys: true } }, async (server, out) => {
      await assert.rejects(collect(server, out), (e: unknown) => e instanceof SourceError && e.place.api === 'IAM ListAccessKeys' && /AccessDenied/.test(e.message));
      assert.ok(server.counts.get('ListAccessKeys')! <= 4, `sent ${server.counts.get('ListAccessKeys')} ListAccessKeys after the first refusal`);
      assert.equal((await allFiles(out)).length, 0);
    });
  });

  test('a credential report that never completes fails within the bounded wait', async () => {
    await withServer(estate, { reportPolls: 1000 }, async (server, out) => {
      await assert.rejects(collect(server, out, {}, 600), (e: unknown) => {
        assert.ok(e instanceof SourceError);
        assert.equal(e.place.api, 'IAM GenerateCredentialReport');
        // On a busy machine the bound can pass before the first poll's answer: either state is the report's.
        assert.match(e.message, /not COMPLETE after 1s \(last state (STARTED|INPROGRESS)\)/);
        return true;
      });
    });
  });
});

describe('several accounts', () => {
  const a = testAccount('222222222222');
  const b = testAccount('333333333333');
  for (const u of b.users) u.name = `b-${u.name}`;
  const suspended = { ...emptyAccount('444444444444'), status: 'SUSPENDED' as const };
  const mgmt = emptyAccount(MGMT);
  const reader = a.roles.at(-1)!;
  for (const acct of [a, b, suspended]) acct.roles.push({ ...reader, name: 'OrganizationAccountAccessRole', externalId: undefined });
  mgmt.users.push(user('admin', [{ id: 'AKIAADMIN00000000001', status: 'Active', created: '2025-01-01T00:00:00Z' }]));
  const estate: Estate = { managementAccountId: MGMT, accounts: [mgmt, a, b, suspended] };
  const arn = (id: string) => `arn:aws:iam::${id}:role/driftgraph-reader`;
  let saved: Record<string, string | undefined>;
  before(() => void (lines.length = 0));

  test('assumes a role in each account (with the external id) and leaks no secret', async () => {
    await withServer(estate, {}, async (server, out) => {
      const stats = await collect(server, out, { aws: { assumeRoles: [arn(a.id), arn(b.id)], externalId: 'ext-123', concurrency: 2 } });
      assert.deepEqual(stats.accounts.map((s) => s.accountId).sort(), [a.id, b.id]);
      const assumed = [...server.assumed].sort((x, y) => x.roleArn.localeCompare(y.roleArn));
      assert.deepEqual(assumed, [{ roleArn: arn(a.id), externalId: 'ext-123' }, { roleArn: arn(b.id), externalId: 'ext-123' }], 'one AssumeRole per account');
      const bUsers = (await readJson(join(out, 'aws', b.id, 'account-authorization-details.json'))).UserDetailList;
      assert.ok(bUsers.every((u: { UserName: string }) => u.UserName.startsWith('b-')), 'each account read with its own credentials');
      assert.equal(server.accountCounts.get(`${a.id} GetAccountAuthorizationDetails`), 1);

      const secrets = [TEST_SECRET_ACCESS_KEY, ...server.issuedSecrets];
      const files = await allFiles(out);
      assert.equal(files.length, 6);
      for (const f of files) {
        const text = await readFile(f, 'utf8');
        for (const s of secrets) assert.ok(!text.includes(s), `secret in ${f}`);
        assert.ok(!/SecretAccessKey|SessionToken/.test(text), `credential field in ${f}`);
      }
      for (const s of secrets) assert.ok(!lines.join('\n').includes(s) && !JSON.stringify(stats).includes(s));
    });
  });

  test('a refused AssumeRole fails that account only, and says which role', async () => {
    await withServer(estate, {}, async (server, out) => {
      const unknown = '555555555555';
      const err = await collect(server, out, { aws: { assumeRoles: [arn(a.id), arn(unknown)], externalId: 'ext-123' } }).catch((e: unknown) => e);
      assert.ok(err instanceof SourceError);
      assert.equal(err.place.api, 'STS AssumeRole');
      assert.equal(err.place.status, 403);
      assert.match(err.message, /STS AssumeRole in account 555555555555 \(role arn:aws:iam::555555555555:role\/driftgraph-reader\) failed with AccessDenied/);
      assert.deepEqual(await readdir(join(out, 'aws')), [a.id], 'the reachable account is still written');
    });
  });

  test('discovers ACTIVE accounts through Organizations', async () => {
    await withServer(estate, { maxItemsCap: 2 }, async (server, out) => {
      const stats = await collect(server, out, { aws: { organizations: { roleName: 'OrganizationAccountAccessRole', includeManagementAccount: true } } });
      assert.deepEqual(stats.accounts.map((s) => s.accountId).sort(), [MGMT, a.id, b.id]);
      assert.equal(stats.calls['Organizations ListAccounts'], 2);
      assert.deepEqual(server.assumed.map((x) => x.roleArn).sort(), [a.id, b.id].map((id) => `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`));
      const mgmtKeys = await readJson(join(out, 'aws', MGMT, 'access-keys.json'));
      assert.deepEqual(mgmtKeys.map((k: { UserName: string }) => k.UserName), ['admin']);
    });
  });

  test('default factory: DRIFTGRAPH_AWS_ENDPOINT and the default credential chain', async () => {
    const names = ['DRIFTGRAPH_AWS_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'] as const;
    saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
    await withServer(estate, {}, async (server, out) => {
      process.env.DRIFTGRAPH_AWS_ENDPOINT = server.url;
      process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
      process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
      delete process.env.AWS_PROFILE;
      const stats = await collectAws(out, { config: { aws: { region: 'us-east-1' } }, progress, now: NOW });
      assert.deepEqual(stats.accounts.map((s) => [s.accountId, s.via]), [[MGMT, 'default credentials']]);
      assert.equal(stats.calls['STS GetCallerIdentity'], 1);
    });
  });

  after(() => {
    for (const [n, v] of Object.entries(saved ?? {})) if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  });
});

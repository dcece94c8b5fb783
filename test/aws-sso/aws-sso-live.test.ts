// Live IAM Identity Center collection through the real
// @aws-sdk/client-sso-admin and @aws-sdk/client-identitystore against the
// local JSON 1.1 server: every file written, pages followed, throttling
// retried, assignments asked only for provisioned (account, permission set)
// pairs, one failing instance failing alone (naming the call, leaving no
// folder), nothing the collector does not need stored; then the collected
// folder loads through the connector.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { awsSsoConnector } from '../../connectors/aws-sso/index.js';
import { collectAwsSso } from '../../connectors/aws-sso/collect.js';
import { cliAsync } from '../helpers/cli.js';
import { startSsoServer } from '../servers/sso-server.js';
import { INSTANCE, PLANTED, sdkEnv, smallInstance, uid, withProcessEnv } from './fixture.js';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
const progress = { step: () => {} };
const ctx = (config = {}) => ({ now: '2026-11-20T02:00:00Z', config, shared: {}, progress, stateDir: '' });

test('collects every file of an instance, pruned by provisioned accounts, and loads it', async () => {
  const good = smallInstance();
  const broken = smallInstance('ssoins-9999888877776666', 'd-9999999999');
  const server = await startSsoServer([good, broken], {
    pageCap: 2,
    throttle: { ListAccountAssignments: 2, ListUsers: 1 },
    fail: { ListGroups: { status: 400, code: 'AccessDeniedException', scope: 'd-9999999999' } },
  });
  const restore = withProcessEnv(sdkEnv(server.url));
  const out = await mkdtemp(join(tmpdir(), 'sso-live-'));
  roots.push(out);
  try {
    const stats = await collectAwsSso(out, ctx({ concurrency: 3 }), sdkEnv(server.url));
    assert.deepEqual(stats.instances, [INSTANCE]);
    assert.equal(stats.failed.length, 1);
    assert.equal(stats.failed[0]!.container, 'ssoins-9999888877776666');
    assert.match(stats.failed[0]!.error, /Identitystore ListGroups for instance ssoins-9999888877776666 failed with AccessDeniedException/);
    assert.deepEqual(readdirSync(join(out, 'aws-sso')), [INSTANCE], 'the failed instance leaves no folder, not even a partial one');

    // Pruning: ListAccountAssignments only for the five provisioned pairs of
    // each instance that got that far (4 permission sets x 3 accounts = 12 pairs).
    assert.equal(stats.calls['SSOAdmin ListAccountAssignments'], 5, 'one call per provisioned pair of the good instance');
    assert.equal(server.counts.get('ListAccountAssignments'), 5 + 2, 'two throttled attempts retried by the SDK');
    assert.ok(stats.totalHttpRequests > stats.totalCalls);

    const dir = join(out, 'aws-sso', INSTANCE);
    const files = ['users.json', 'groups.json', 'permission-sets.json', 'account-assignments.json'];
    for (const f of files) assert.ok(existsSync(join(dir, f)), f);
    const users = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')).Users;
    assert.equal(users.length, 9, 'every page of ListUsers');
    const everything = [...files, ...readdirSync(join(dir, 'group-memberships')).map((f) => `group-memberships/${f}`)].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    assert.ok(!everything.includes(PLANTED), 'fields the model does not use are not written');
    assert.ok(!everything.includes('test-sso-secret'), 'no credential in a file');

    // The folder the collector wrote is a snapshot the connector reads.
    const load = await awsSsoConnector.loadSnapshot({ snapshotDir: out, now: '2026-11-20T02:00:00Z', config: undefined, shared: {}, progress });
    assert.deepEqual(load.failed, []);
    const node = (type: string, id: string) => load.graph.nodes.find((n) => n.props.type === type && n.props.nativeId === id)!;
    const leo = node('user', uid(1)).props;
    assert.equal(leo.active, true);
    assert.equal(leo.privileged, true);
    assert.deepEqual(leo.roles, [`${INSTANCE}/AdministratorAccess@111111111111`, `${INSTANCE}/AdministratorAccess@222222222222 via group platform-admins`]);
    assert.equal(leo.usageReported, false, 'no cloudtrail/ folder: use is not reported');
    assert.equal(node('user', uid(3)).props.active, false, 'DISABLED');
    const mia = node('user', uid(2)).props;
    assert.equal(mia.privileged, true, 'IamWriter allows iam:PutRolePolicy');
    assert.match(String(mia.privilegeReasons), /IAM write iam:PutRolePolicy/);
    assert.equal(node('account-assignment', `ps-0000000000000003@333333333333`).props.entitlementId, `${INSTANCE}/IamWriter@333333333333`);
    assert.equal(node('group', 'a0000000-0000-4000-8000-000000000002').props.entitlementId, `${INSTANCE}/group/readers; echo 'x'`);
    const snapshotText = JSON.stringify(load.graph);
    assert.ok(!snapshotText.includes(PLANTED));
  } finally {
    restore();
    await server.close();
  }
});

test('a refused ListInstances fails the collect, naming the call', async () => {
  const server = await startSsoServer([smallInstance()], { fail: { ListInstances: { status: 400, code: 'AccessDeniedException' } } });
  const restore = withProcessEnv(sdkEnv(server.url));
  const out = await mkdtemp(join(tmpdir(), 'sso-live-'));
  roots.push(out);
  try {
    await assert.rejects(collectAwsSso(out, ctx(), sdkEnv(server.url)), /SSOAdmin ListInstances failed with AccessDeniedException/);
    assert.ok(!existsSync(join(out, 'aws-sso', INSTANCE)));
  } finally {
    restore();
    await server.close();
  }
});

test('end to end: `collect --sources aws-sso` writes the good instance and exits 1 naming the failed call', async () => {
  const server = await startSsoServer([smallInstance(), smallInstance('ssoins-9999888877776666', 'd-9999999999')], {
    fail: { ListPermissionSets: { status: 400, code: 'AccessDeniedException', scope: 'arn:aws:sso:::instance/ssoins-9999888877776666' } },
  });
  const dir = await mkdtemp(join(tmpdir(), 'sso-cli-'));
  roots.push(dir);
  try {
    await writeFile(join(dir, 'driftgraph.yaml'), 'aws-sso:\n  region: us-east-1\n  concurrency: 2\n');
    const env = sdkEnv(server.url) as Record<string, string>;
    const r = await cliAsync(['--config', join(dir, 'driftgraph.yaml'), 'collect', '--sources', 'aws-sso', '--out', join(dir, 'out')], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ssoins-9999888877776666.*SSOAdmin ListPermissionSets for instance ssoins-9999888877776666 failed with AccessDeniedException/);
    assert.deepEqual(readdirSync(join(dir, 'out', 'aws-sso')), [INSTANCE]);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(env.AWS_SECRET_ACCESS_KEY!), 'no credential in the output');
  } finally {
    await server.close();
  }
});

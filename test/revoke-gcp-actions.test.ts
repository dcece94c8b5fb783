// The GCP revocation actions through Google's own clients (@googleapis/iam,
// @googleapis/cloudresourcemanager) against the local GCP server: key and
// service account disable/enable; a binding member removed with a
// read-modify-write that honours the etag (a concurrent change answered 409
// is read again and redone, never overwritten); undo adds it back; 404 is
// already gone; a 5xx past the retries fails the call by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gcpRevocations } from '../connectors/gcp/actions.js';
import { ActionCallError, type RemediationInput } from '../src/sources/connector.js';
import { startGcpServer, TEST_TOKEN, type ServedProject } from './servers/gcp-server.js';

const SA = 'etl@proj-a.iam.gserviceaccount.com';
const KEY = `projects/proj-a/serviceAccounts/${SA}/keys/abc123`;

function project(): ServedProject {
  return {
    projectId: 'proj-a',
    number: '111',
    serviceAccounts: [{ name: `projects/proj-a/serviceAccounts/${SA}`, email: SA, uniqueId: '1001', projectId: 'proj-a' }],
    keys: [{ name: KEY, keyType: 'USER_MANAGED', validAfterTime: '2024-01-01T00:00:00Z' }],
    policy: {
      version: 3,
      etag: 'BwY=',
      bindings: [
        { role: 'roles/editor', members: ['user:leo@example.com', 'user:mia@example.com'] },
        { role: 'roles/viewer', members: ['user:leo@example.com'] },
        { role: 'roles/owner', members: ['user:leo@example.com'], condition: { title: 'until', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } },
      ],
    },
    accountActivities: [],
    keyActivities: [],
    pools: [],
  };
}

const input = (over: Partial<RemediationInput>): RemediationInput => ({
  ruleId: 'r',
  action: 'disable-account',
  subject: { source: 'gcp', container: 'proj-a', type: 'binding', id: 'user:leo@example.com', name: 'leo@example.com' },
  props: { roles: ['roles/editor', 'roles/viewer'] },
  evidence: {},
  entitlement: null,
  ...over,
});
const kind = (k: string) => gcpRevocations.find((a) => a.kind === k)!;

test('GCP actions: keys, service accounts and etag-guarded binding removal', async () => {
  const p = project();
  const server = await startGcpServer([p]);
  const saved = process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN;
  process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN = TEST_TOKEN;
  const ctx = { config: { endpoints: { iam: server.url, cloudresourcemanager: server.url }, retries: 1 }, env: {} };
  try {
    const key = kind('gcp.disable-key');
    const [kp] = key.plan(input({ action: 'deactivate-credential', subject: { source: 'gcp', container: 'proj-a', type: 'service-account-key', id: KEY, name: null } }));
    assert.equal((await key.check(kp!.params, ctx)).stillThere, true);
    await key.execute(kp!.params, ctx);
    assert.equal((await key.check(kp!.params, ctx)).detail, 'the key is already disabled');
    await key.undo!(kp!.params, ctx);
    assert.equal((await key.check(kp!.params, ctx)).stillThere, true);

    const sa = kind('gcp.disable-service-account');
    const [sp] = sa.plan(input({ action: 'decommission-identity', subject: { source: 'gcp', container: 'proj-a', type: 'service-account', id: SA, name: SA } }));
    await sa.execute(sp!.params, ctx);
    assert.equal(p.serviceAccounts[0]!.disabled, true);
    await sa.undo!(sp!.params, ctx);
    assert.equal(p.serviceAccounts[0]!.disabled, undefined);
    const missing = await sa.check({ project: 'proj-a', name: 'projects/proj-a/serviceAccounts/gone@proj-a.iam.gserviceaccount.com' }, ctx);
    assert.deepEqual([missing.stillThere, missing.detail], [false, 'the service account no longer exists']);

    // Two roles, two actions; the conditional owner binding is never touched.
    const binding = kind('gcp.remove-binding-member');
    const plans = binding.plan(input({}));
    assert.deepEqual(plans.map((x) => x.params.role), ['roles/editor', 'roles/viewer']);
    // Someone else changes the policy twice just before our writes: 409, re-read, redo; their change is kept.
    server.write.concurrentChanges = 2;
    await binding.execute(plans[0]!.params, ctx);
    const bindings = () => (p.policy.bindings as { role: string; members: string[]; condition?: unknown }[]).map((b) => `${b.role}${b.condition ? '?' : ''} ${b.members.join(',')}`);
    assert.ok(bindings().includes('roles/editor user:mia@example.com'));
    assert.equal(bindings().filter((b) => b.includes('someone-else')).length, 2, 'the concurrent changes survive');
    await binding.execute(plans[1]!.params, ctx);
    // leo's own viewer binding emptied and dropped; the two concurrent viewer bindings stay.
    assert.deepEqual(bindings().filter((b) => b.startsWith('roles/viewer ')).map((b) => b.includes('leo')), [false, false]);
    assert.ok(bindings().includes('roles/owner? user:leo@example.com'));
    assert.equal((await binding.check(plans[0]!.params, ctx)).stillThere, false);
    await assert.rejects(binding.execute(plans[0]!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.gone);
    await binding.undo!(plans[1]!.params, ctx);
    assert.ok(bindings().some((b) => b.startsWith('roles/viewer ') && b.includes('user:leo@example.com')));

    // A policy that moves under every attempt: the action fails, naming the call, after five tries.
    server.write.concurrentChanges = 5;
    await assert.rejects(binding.execute(plans[1]!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.call === 'Resource Manager projects.setIamPolicy' && e.status === 409);
    // 5xx past the client's retries fails the call by name.
    server.write.failWrites = { status: 503, times: 10 };
    await assert.rejects(key.execute(kp!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.call === 'IAM projects.serviceAccounts.keys.disable' && e.status === 503);
    assert.deepEqual(server.write.writes.filter((w) => !w.includes('someone-else')), [
      `disable key ${KEY}`,
      `enable key ${KEY}`,
      `disable serviceAccount ${SA}`,
      `enable serviceAccount ${SA}`,
      'setIamPolicy proj-a remove roles/editor user:leo@example.com',
      'setIamPolicy proj-a remove roles/viewer user:leo@example.com',
      'setIamPolicy proj-a add roles/viewer user:leo@example.com',
    ]);
  } finally {
    if (saved === undefined) delete process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN;
    else process.env.DRIFTGRAPH_GCP_ACCESS_TOKEN = saved;
    await server.close();
  }
});

// The live path of the Kubernetes connector with the real client
// (@kubernetes/client-node) against a local server speaking the API's JSON:
// kubeconfig contexts, paging, a 429 retried after Retry-After, a call
// left unanswered retried after the request timeout, secrets
// listed metadata-only with a field selector, a forbidden list failing its
// cluster alone, a context the kubeconfig lacks; what is collected maps to
// the same records as the demo cluster it was served from, and no secret
// value the server sends (data, a pod's environment, last-applied
// annotations) is written. Then the revocation: check, delete pinned to the
// uid, and a re-created namesake left alone.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubernetesConnector, loadKubernetesSnapshot } from '../../connectors/kubernetes/index.js';
import type { KubernetesConfig } from '../../connectors/kubernetes/config.js';
import { kubernetesRevocations } from '../../connectors/kubernetes/revoke.js';
import { startKubernetesServer, type KubernetesServer, type Obj } from '../servers/kubernetes-server.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/kubernetes/eks-prod/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';
const TOKEN = 'bearer-for-tests-only';
const PLANTED = 'cGxhbnRlZC1zZWNyZXQtdmFsdWU';

const items = async (file: string): Promise<Obj[]> => JSON.parse(await readFile(join(DEMO, file), 'utf8')).items;

/** The demo cluster as the API server holds it: with the values a real cluster carries around the metadata. */
async function clusterObjects(): Promise<Record<string, Obj[]>> {
  const secrets: Obj[] = (await items('secrets.json')).map((s) => ({
    ...s,
    data: { token: PLANTED, 'ca.crt': PLANTED, namespace: 'Y2k=' },
    metadata: {
      ...s.metadata,
      annotations: { ...s.metadata.annotations, 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { token: PLANTED } }) },
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { 'f:token': {} } } }],
    },
  }));
  secrets.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments', uid: 'u-db' }, type: 'Opaque', data: { password: PLANTED } });
  const pods = (await items('pods.json')).map((p) => ({ ...p, spec: { ...p.spec, containers: [{ name: 'app', image: 'app:1', env: [{ name: 'DB_PASSWORD', value: PLANTED }] }] } }));
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  return {
    '/api/v1/serviceaccounts': await items('service-accounts.json'),
    '/api/v1/secrets': secrets,
    '/api/v1/pods': pods,
    [`${rbac}/clusterroles`]: await items('cluster-roles.json'),
    [`${rbac}/roles`]: await items('roles.json'),
    [`${rbac}/clusterrolebindings`]: await items('cluster-role-bindings.json'),
    [`${rbac}/rolebindings`]: await items('role-bindings.json'),
  };
}

function kubeconfig(good: string, broken: string): string {
  // Plain HTTP to 127.0.0.1: the client allows it only with TLS verification off.
  const cluster = (name: string, server: string) => `- name: ${name}\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true\n`;
  const context = (name: string, c: string) => `- name: ${name}\n  context:\n    cluster: ${c}\n    user: reader\n`;
  return [
    'apiVersion: v1', 'kind: Config', 'current-context: prod',
    'clusters:', cluster('prod', good) + cluster('other', broken),
    'contexts:', context('prod', 'prod') + context('analytics', 'other'),
    'users:', `- name: reader\n  user:\n    token: ${TOKEN}\n`,
  ].join('\n');
}

describe('kubernetes live collection', () => {
  let good: KubernetesServer;
  let broken: KubernetesServer;
  let root: string;
  let config: KubernetesConfig;
  before(async () => {
    good = await startKubernetesServer({ token: TOKEN, lists: await clusterObjects(), maxPage: 3, throttleOnce: ['/api/v1/pods'], hangOnce: ['/apis/rbac.authorization.k8s.io/v1/roles'] });
    broken = await startKubernetesServer({ token: TOKEN, lists: await clusterObjects(), forbidden: ['/api/v1/secrets'] });
    root = await mkdtemp(join(tmpdir(), 'driftgraph-k8s-live-'));
    await writeFile(join(root, 'kubeconfig.yaml'), kubeconfig(good.url, broken.url));
    config = {
      kubeconfig: join(root, 'kubeconfig.yaml'),
      pageSize: 500,
      requestTimeoutSeconds: 1,
      clusters: [{ context: 'prod', name: 'eks-prod' }, { context: 'analytics', name: 'gke-analytics' }, { context: 'staging' }],
    };
  });
  after(async () => {
    await good.close();
    await broken.close();
    await rm(root, { recursive: true, force: true });
  });

  it('collects each context into its cluster folder; a forbidden list or a missing context fails that cluster alone', async () => {
    const out = join(root, 'snapshot');
    const r = await kubernetesConnector.collect!(out, { now: NOW, config, shared: {}, progress: { step() {} }, stateDir: root });
    assert.deepEqual(r.containers, ['eks-prod'], JSON.stringify(r.failed));
    assert.deepEqual(r.failed.map((f) => f.container), ['gke-analytics', 'staging']);
    assert.match(r.failed[0]!.error, /API GET \/api\/v1\/secrets \(metadata only\) status 403: the API answered 403 \(Forbidden\)/);
    assert.match(r.failed[1]!.error, /the kubeconfig has no context named "staging"/);
    assert.deepEqual(await readdir(join(out, 'kubernetes')), ['eks-prod'], 'no half-written folder is left');

    // Secrets: metadata only, legacy tokens only. Pods: paged by 3 (10 pods: 4 pages), the 429 retried.
    assert.ok(good.log.includes('GET /api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Fservice-account-token&limit=500 accept=metadata'));
    assert.equal(good.log.filter((l) => l.startsWith('GET /api/v1/pods')).length, 5);
    assert.ok(good.log.includes('429 /api/v1/pods'));
    // The unanswered call timed out and was sent again.
    assert.ok(good.log.includes('hang /apis/rbac.authorization.k8s.io/v1/roles'));
    assert.equal(good.log.filter((l) => l.startsWith('GET /apis/rbac.authorization.k8s.io/v1/roles')).length, 2);
    assert.ok(good.log.some((l) => l.startsWith('GET /api/v1/pods?continue=')));
    assert.ok(!good.log.includes('401'));
    assert.equal(r.requests, good.log.filter((l) => l.startsWith('GET')).length + broken.log.filter((l) => l.startsWith('GET')).length);

    for (const f of await readdir(join(out, 'kubernetes', 'eks-prod'))) {
      const text = await readFile(join(out, 'kubernetes', 'eks-prod', f), 'utf8');
      for (const bad of [PLANTED, 'last-applied-configuration', 'managedFields', '"data"', 'DB_PASSWORD', '"env"']) assert.ok(!text.includes(bad), `${f} holds ${bad}`);
    }

    // The collected cluster maps to exactly the records of the demo cluster it was served from.
    const load = (dir: string) => loadKubernetesSnapshot({ snapshotDir: dir, now: NOW, config: undefined, shared: {}, progress: { step() {} } });
    const demoRoot = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
    const collected = await load(out);
    const demo = await load(demoRoot);
    const sortNodes = (l: typeof demo, cluster: string) => l.graph.nodes.filter((n) => n.props.container === cluster).map((n) => JSON.stringify(n)).sort();
    assert.deepEqual(sortNodes(collected, 'eks-prod'), sortNodes(demo, 'eks-prod'));
    assert.equal(collected.graph.edges.length, demo.graph.edges.filter((e) => e.from.startsWith('kubernetes:eks-prod:')).length);
  });

  it('deletes a legacy token secret after checking it live, pinned to the uid the scan saw', async () => {
    const action = kubernetesRevocations[0]!;
    const secret = good.lists['/api/v1/secrets']!.find((s) => s.metadata.name === 'legacy-export-token')!;
    const ctx = { config, env: {} };
    const params = { cluster: 'eks-prod', namespace: 'batch', name: 'legacy-export-token', uid: secret.metadata.uid as string, serviceAccount: 'legacy-export' };

    const stale = await action.check({ ...params, uid: 'another-uid' }, ctx);
    assert.equal(stale.stillThere, false);
    assert.match(stale.detail, /uid changed/);
    const live = await action.check(params, ctx);
    assert.equal(live.stillThere, true);
    assert.ok(!JSON.stringify(live).includes(PLANTED));
    assert.ok(good.log.includes('GET /api/v1/namespaces/batch/secrets/legacy-export-token accept=metadata'), 'the check reads metadata only');

    await assert.rejects(action.execute({ ...params, uid: 'another-uid' }, ctx), /the API answered 409/);
    await action.execute(params, ctx);
    assert.ok(!good.lists['/api/v1/secrets']!.some((s) => s.metadata.name === 'legacy-export-token'));
    assert.equal((await action.check(params, ctx)).stillThere, false);
    await assert.rejects(action.execute(params, ctx), (e: { gone?: boolean }) => e.gone === true);
  });
});

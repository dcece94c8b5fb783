// The offline path of the Kubernetes connector: list files read through the
// keep-list, mapped onto the generic facts (NHI, credential without expiry,
// privilege, workload identity declarations, workload use); a malformed file
// fails its cluster alone with the file and JSON path; remediations and the
// revocation plan quote or refuse every provider value.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubernetesConnector, loadKubernetesSnapshot } from '../../connectors/kubernetes/index.js';
import { kubernetesRemediations } from '../../connectors/kubernetes/remediation.js';
import { kubernetesRevocations } from '../../connectors/kubernetes/revoke.js';
import type { KubernetesConfig } from '../../connectors/kubernetes/config.js';
import type { RemediationInput } from '../../src/sources/connector.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/kubernetes/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function snapshot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-k8s-'));
  roots.push(root);
  await cp(DEMO, join(root, 'kubernetes'), { recursive: true });
  return root;
}

const load = (dir: string, config?: KubernetesConfig) =>
  loadKubernetesSnapshot({ snapshotDir: dir, now: NOW, config, shared: {}, progress: { step() {} } });

async function edit(dir: string, cluster: string, file: string, change: (json: any) => void): Promise<void> {
  const path = join(dir, 'kubernetes', cluster, file);
  const json = JSON.parse(await readFile(path, 'utf8'));
  change(json);
  await writeFile(path, JSON.stringify(json));
}

type Load = Awaited<ReturnType<typeof loadKubernetesSnapshot>>;
const props = (l: Load, key: string) => {
  const n = l.graph.nodes.find((x) => x.key === key);
  assert.ok(n, key);
  return n.props;
};
const sa = (cluster: string, id: string) => `kubernetes:${cluster}:service-account:${id}`;

describe('kubernetes snapshot', () => {
  it('maps service accounts to NHIs with privilege, owners, workload identity declarations and workload use', async () => {
    const l = await load(await snapshot());
    assert.deepEqual(l.failed, []);
    assert.deepEqual(l.containers, ['eks-prod', 'gke-analytics']);
    const publisher = props(l, sa('eks-prod', 'ci/publisher'));
    assert.equal(publisher.isNhi, true);
    assert.equal(publisher.privileged, true);
    assert.deepEqual(publisher.privilegeReasons, ['cluster-admin cluster-wide (ClusterRoleBinding/ci-publisher-admin)', 'grants * on * cluster-wide (ClusterRoleBinding/ci-publisher-admin)', 'reads secrets cluster-wide (ClusterRoleBinding/ci-publisher-admin)']);
    assert.deepEqual(publisher.ownerValues, ['ethan.clarke@northwind.example']);
    assert.deepEqual(publisher.ownerMethods, ['kubernetes-annotation:driftgraph.dev/owner']);
    assert.deepEqual(publisher.actsAsValues, ['e0000000-0000-4000-8000-000000000001']);
    assert.deepEqual(publisher.actsAsMethods, ['azure.workload.identity/client-id']);
    assert.equal(publisher.catalogId, 'kubernetes:eks-prod/ci/publisher');
    // A finished Job pod two days ago: not in use now, unused since then.
    assert.equal(publisher.inUseByWorkloads, false);
    assert.equal(publisher.unusedSince, '2026-11-18T06:00:00.000Z');
    assert.equal(publisher.lastWorkload, 'Job/publish-29345678');

    const debug = props(l, sa('eks-prod', 'tools/debug-shell'));
    assert.deepEqual(debug.privilegeReasons, ['can impersonate in namespace tools (RoleBinding/tools/debug-impersonate)', 'reads secrets cluster-wide (ClusterRoleBinding/debug-secret-reader)']);
    assert.equal(debug.inUseByWorkloads, true);
    assert.equal(debug.unusedSince, null);
    // A Role reading one named secret is not "secrets cluster-wide"; a namespace-scoped view is no privilege.
    assert.equal(props(l, sa('eks-prod', 'payments/checkout')).privileged, false);
    // Bound through the group system:serviceaccounts:reports.
    assert.ok(l.graph.edges.some((e) => e.type === 'HOLDS' && e.from === sa('eks-prod', 'reports/renderer') && e.to === 'kubernetes:eks-prod:cluster-role:view'));
    assert.deepEqual(props(l, sa('eks-prod', 'shared/etl-runner')).catalogIds, ['backstage.io/kubernetes-id:etl-runner']);

    assert.equal(props(l, sa('eks-prod', 'default/default')).providerManaged, true, 'an idle default account is Kubernetes\' own');
    assert.equal(props(l, sa('eks-prod', 'kube-system/external-dns')).providerManaged, true);
    assert.equal(props(l, sa('eks-prod', 'tools/debug-shell')).providerManaged, false);
    assert.equal(props(l, 'kubernetes:eks-prod:cluster-role:cluster-admin').privileged, true);
    assert.equal(props(l, 'kubernetes:eks-prod:cluster-role:cluster-admin').entitlementId, 'eks-prod/clusterrole/cluster-admin');
  });

  it('maps legacy token secrets to credentials without expiry, and an invalidated one as inactive', async () => {
    const l = await load(await snapshot());
    const token = props(l, 'kubernetes:eks-prod:service-account-token:ci/publisher-token');
    assert.equal(token.noExpiry, true);
    assert.equal(token.active, true);
    assert.equal(token.createdAt, '2024-05-02T08:01:00.000Z');
    assert.equal(token.lastUsedAt, '2026-11-19T00:00:00.000Z');
    assert.equal(token.usageReported, true);
    assert.ok(l.graph.edges.some((e) => e.type === 'AUTHENTICATES_AS' && e.from === 'kubernetes:eks-prod:service-account-token:ci/publisher-token' && e.to === sa('eks-prod', 'ci/publisher')));
    const invalid = props(l, 'kubernetes:eks-prod:service-account-token:batch/nightly-report-token');
    assert.equal(invalid.active, false);
    assert.equal(invalid.invalidSince, '2026-10-01T00:00:00.000Z');
    // Without the last-used label, use is unknown: never-used and stale do not judge it.
    assert.equal(props(l, 'kubernetes:eks-prod:service-account-token:batch/legacy-export-token').usageReported, false);
  });

  it('keeps only metadata: data, stringData, last-applied-configuration and other fields never reach a record', async () => {
    const dir = await snapshot();
    const planted = 'c2VjcmV0LXZhbHVlLXBsYW50ZWQ=';
    await edit(dir, 'eks-prod', 'secrets.json', (j) => {
      for (const s of j.items) {
        s.data = { token: planted, 'ca.crt': planted };
        s.stringData = { password: planted };
        s.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({ data: { token: planted } });
        s.metadata.labels = { ...s.metadata.labels, app: planted };
        s.metadata.managedFields = [{ manager: planted, fieldsV1: { 'f:data': { [`f:${planted}`]: {} } } }];
      }
      j.items.push({ metadata: { name: 'db', namespace: 'payments', annotations: { note: planted } }, type: 'Opaque', data: { password: planted } });
    });
    await edit(dir, 'eks-prod', 'pods.json', (j) => {
      for (const p of j.items) p.spec.containers = [{ name: 'app', env: [{ name: 'DB_PASSWORD', value: planted }] }];
    });
    const l = await load(dir);
    assert.deepEqual(l.failed, []);
    assert.ok(!JSON.stringify(l).includes(planted), 'no planted value in any record or warning');
    assert.ok(l.warnings.some((w) => w.includes('1 secret(s) of other types')));
  });

  it('fails only the cluster whose file is malformed, naming the file and the JSON path, never the value', async () => {
    const dir = await snapshot();
    await edit(dir, 'gke-analytics', 'service-accounts.json', (j) => {
      j.items[2].metadata.annotations['iam.gke.io/gcp-service-account'] = { value: 'hidden-value-123' };
    });
    const l = await load(dir);
    assert.deepEqual(l.containers, ['eks-prod']);
    assert.equal(l.failed.length, 1);
    assert.match(l.failed[0]!.error, /kubernetes\/gke-analytics\/service-accounts\.json at \$\.items\[2\]\.metadata\.annotations\["iam\.gke\.io\/gcp-service-account"\]/);
    assert.ok(!l.failed[0]!.error.includes('hidden-value-123'));

    await edit(dir, 'gke-analytics', 'service-accounts.json', (j) => {
      j.items[2].metadata.annotations['iam.gke.io/gcp-service-account'] = 'x@y';
      j.items[3].metadata.creationTimestamp = 'yesterday';
    });
    const l2 = await load(dir);
    assert.match(l2.failed[0]!.error, /service-accounts\.json at \$\.items\[3\]\.metadata\.creationTimestamp: not an ISO 8601 timestamp/);
  });

  it('needs service-accounts.json; without pods.json, workload use is not reported and a warning says so', async () => {
    const dir = await snapshot();
    await rm(join(dir, 'kubernetes', 'gke-analytics', 'pods.json'));
    await rm(join(dir, 'kubernetes', 'eks-prod', 'service-accounts.json'));
    const l = await load(dir);
    assert.deepEqual(l.containers, ['gke-analytics']);
    assert.match(l.failed[0]!.error, /eks-prod\/service-accounts\.json: required file is missing/);
    assert.ok(l.warnings.some((w) => w.startsWith('kubernetes/gke-analytics/pods.json absent')));
    const old = props(l, sa('gke-analytics', 'reports/old-exporter'));
    assert.equal(old.workloadUseReported, false);
    assert.equal(old.unusedSince, null);
  });

  it('gives kubectl commands that quote every value, and none for a name kubectl could take for an option', () => {
    const input = (id: string, type = 'service-account', container = 'eks-prod'): RemediationInput => ({
      ruleId: 'x', action: 'reassign-owner', subject: { source: 'kubernetes', container, type, id, name: id }, props: {}, evidence: {}, entitlement: null,
    });
    assert.equal(kubernetesRemediations['reassign-owner']!(input('ci/publisher')), "kubectl --context eks-prod --namespace ci annotate --overwrite serviceaccount publisher driftgraph.dev/owner=OWNER_EMAIL");
    assert.equal(kubernetesRemediations['rotate-credential']!(input('ci/publisher-token', 'service-account-token')), 'kubectl --context eks-prod --namespace ci delete secret publisher-token');
    assert.equal(kubernetesRemediations['reassign-owner']!(input('ci/--kubeconfig=/tmp/x')), null);
    assert.equal(kubernetesRemediations['reassign-owner']!(input('ci/a;rm -rf ~')), null);
    assert.equal(kubernetesRemediations['reassign-owner']!(input('ci/publisher', 'service-account', '-x')), null);
    assert.equal(kubernetesRemediations['decommission-identity']!(input('batch/legacy-export')), 'kubectl --context eks-prod --namespace batch delete serviceaccount legacy-export');
  });

  it('plans deleting a legacy token secret pinned to the uid the scan saw, and nothing without it', () => {
    const action = kubernetesRevocations.find((a) => a.kind === 'kubernetes.delete-token-secret')!;
    const input = (props: Record<string, unknown>): RemediationInput => ({
      ruleId: 'long-lived-credential', action: 'rotate-credential',
      subject: { source: 'kubernetes', container: 'eks-prod', type: 'service-account-token', id: 'ci/publisher-token', name: 'ci/publisher-token' },
      props, evidence: {}, entitlement: null,
    });
    const [p] = action.plan(input({ uid: 'u-1', serviceAccount: 'ci/publisher' }));
    assert.deepEqual(p!.params, { cluster: 'eks-prod', namespace: 'ci', name: 'publisher-token', uid: 'u-1', serviceAccount: 'publisher' });
    assert.equal(p!.reversible, false);
    assert.deepEqual(action.plan(input({})), []);
    assert.equal(kubernetesConnector.subjectTypes.length, 4);
  });
});

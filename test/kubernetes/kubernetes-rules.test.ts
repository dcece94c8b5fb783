// The Kubernetes source's rule facts end to end, in-process: the workload
// identity joins in the scanned demo store (findings' evidence on both sides
// and the web view's evidence graph), and unused-workload-identity across
// scans of a small cluster: 89 days against 91, and a service account whose
// last pod went away is counted from the scan that saw it go.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { registry } from '../../connectors/index.js';
import { readFindings, type StoredFinding } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { evidenceGraph } from '../../src/web/evidence-graph.js';
import { demoStore } from '../helpers/demo-store.js';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const open = (f: StoredFinding[], rule: string, id: string) => f.filter((x) => x.ruleId === rule && x.subject.id === id && x.status !== 'resolved');

describe('workload identity joins in the demo estate', () => {
  it('name the join in the findings on both sides and draw it in the evidence graph', async () => {
    const store = await openEmbeddedStore(demoStore('driftgraph-k8s-joins-'));
    try {
      const findings = await readFindings(store);
      const [trainer] = open(findings, 'leaver-owned-nhi', 'ml/trainer');
      assert.deepEqual(trainer!.evidence.runsAs, ['gcp service-account ml-training@northwind-analytics.iam.gserviceaccount.com']);
      const [gcp] = open(findings, 'leaver-owned-nhi', 'ml-training@northwind-analytics.iam.gserviceaccount.com');
      assert.deepEqual(gcp!.evidence.workloads, ['kubernetes gke-analytics service-account ml/trainer']);
      const [role] = open(findings, 'leaver-owned-nhi', 'arn:aws:iam::111111111111:role/app/recommender-inference');
      assert.deepEqual(role!.evidence.workloads, ['kubernetes eks-prod service-account ml/inference']);
      assert.deepEqual(open(findings, 'leaver-owned-nhi', 'ml/inference'), [], 'its own active owner keeps the workload out');

      const sa = 'kubernetes:gke-analytics:service-account:ml/trainer';
      const gsa = 'gcp:northwind-analytics:service-account:ml-training@northwind-analytics.iam.gserviceaccount.com';
      const g = await evidenceGraph(store, sa, null);
      assert.ok(g.edges.some((e) => e.source === sa && e.target === gsa && e.label === 'ACTS_AS'), JSON.stringify(g.edges));
      // Owned through the join: the team that owns the GCP service account is drawn from both.
      assert.ok(g.edges.some((e) => e.source === sa && e.label === 'OWNED_BY workload-identity' && e.target === 'catalog::group:group:default/ml-platform'));
      assert.ok(g.edges.some((e) => e.source === gsa && e.label.startsWith('OWNED_BY') && e.target === 'catalog::group:group:default/ml-platform'));
      const back = await evidenceGraph(store, gsa, null);
      assert.ok(back.edges.some((e) => e.source === sa && e.target === gsa && e.label === 'ACTS_AS'));
      const entra = await evidenceGraph(store, 'entra:3c1e9d7a-5b2f-4e8a-9c6d-0f1a2b3c4d5e:service-principal:f0000000-0000-4000-8000-000000000001', null);
      assert.ok(entra.edges.some((e) => e.source === 'kubernetes:eks-prod:service-account:ci/publisher' && e.label === 'ACTS_AS'));
    } finally {
      await store.close();
    }
  });
});

const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const sa = (ns: string, name: string, created: string, annotations: Record<string, string> = {}) => ({ metadata: { name, namespace: ns, uid: `${ns}-${name}`, creationTimestamp: created, annotations } });
const pod = (ns: string, name: string, account: string, created: string, phase: string) => ({
  metadata: { name, namespace: ns, creationTimestamp: created, ownerReferences: [{ kind: 'Job', name }] },
  spec: { serviceAccountName: account },
  status: { phase },
});

async function snapshotWith(pods: unknown[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-k8s-rules-'));
  roots.push(root);
  const dir = join(root, 'kubernetes', 'c1');
  await mkdir(dir, { recursive: true });
  const link = { 'iam.gke.io/gcp-service-account': 'x@p.iam.gserviceaccount.com', 'driftgraph.dev/owner': 'someone@example.com' };
  await writeFile(join(dir, 'service-accounts.json'), list([
    sa('a', 'used-then-idle', '2025-01-01T00:00:00Z', link),
    sa('a', 'days-91', '2025-01-01T00:00:00Z', link),
    sa('a', 'days-89', '2025-01-01T00:00:00Z', link),
    sa('a', 'no-link', '2025-01-01T00:00:00Z', { 'driftgraph.dev/owner': 'someone@example.com' }),
  ]));
  await writeFile(join(dir, 'pods.json'), list(pods));
  return root;
}

async function scanAt(db: string, snapshot: string, now: string): Promise<StoredFinding[]> {
  const store = await openEmbeddedStore(db);
  try {
    await ensureSchema(store);
    const r = await runScan(store, { registry, snapshotDir: snapshot, now, config: {}, exceptions: [], progress: { step() {} } });
    assert.deepEqual(r.outcomes.filter((o) => o.status === 'failed'), []);
    return (await readFindings(store)).filter((f) => f.ruleId === 'unused-workload-identity' && f.status !== 'resolved');
  } finally {
    await store.close();
  }
}

describe('unused-workload-identity', () => {
  it('fires past unusedDays, not inside it, and counts a service account whose pods went away from the scan that saw it', async () => {
    const now = '2026-11-20T02:00:00.000Z';
    const finished = [
      pod('a', 'p91', 'days-91', '2026-08-21T00:00:00Z', 'Succeeded'),
      pod('a', 'p89', 'days-89', '2026-08-23T00:00:00Z', 'Failed'),
    ];
    const db = join(await snapshotWith([]), 'graph.db');
    const inUse = await snapshotWith([...finished, pod('a', 'live', 'used-then-idle', '2026-11-19T00:00:00Z', 'Running')]);
    const ids = (fs: StoredFinding[]) => fs.map((f) => f.subject.id).sort();
    assert.deepEqual(ids(await scanAt(db, inUse, now)), ['a/days-91']);

    // The running pod is gone: the account was created in 2025, but the store saw it in use until this scan.
    const idle = await snapshotWith(finished);
    assert.deepEqual(ids(await scanAt(db, idle, '2026-12-20T02:00:00.000Z')), ['a/days-89', 'a/days-91']);
    const later = await scanAt(db, idle, '2027-03-21T03:00:00.000Z');
    assert.deepEqual(ids(later), ['a/days-89', 'a/days-91', 'a/used-then-idle']);
    // Counted from the scan that saw the last pod gone, not from the account's creation.
    assert.equal(later.find((f) => f.subject.id === 'a/used-then-idle')!.evidence.unusedSince, '2026-12-20T02:00:00.000Z');
    assert.equal(later.find((f) => f.subject.id === 'a/days-91')!.evidence.unusedSince, '2026-08-21T00:00:00.000Z');
  });
});

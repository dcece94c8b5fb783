// What a live collection and load of many Kubernetes clusters costs: API
// calls, collect time, then the scan of what it wrote into a fresh embedded
// store (load time), and the peak memory of the process doing both, against
// the local server speaking the Kubernetes API's JSON.
//   node --import tsx test/bench/kubernetes-collect.ts [clusters serviceAccounts pods]
// The issue's size is 20 5000 10000 (per cluster); `npm run bench --
// kubernetes-collect` runs 2 clusters of 500 service accounts and 1,000 pods
// (the CPU is shared). The collection and the load run in a child process,
// so its peak memory is its own, not the server's.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKubernetesServer, type Obj } from '../servers/kubernetes-server.js';

const NOW = '2026-11-20T02:00:00.000Z';
const TOKEN = 'bench-token';
const ago = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

/** One cluster: namespaces of 50 accounts; a fifth with a GKE link, a tenth with a legacy token, a third bound to a role. */
function cluster(accounts: number, pods: number): Record<string, Obj[]> {
  const ns = (i: number) => `ns-${Math.floor(i / 50)}`;
  const sas = Array.from({ length: accounts }, (_, i) => ({
    metadata: {
      name: `sa-${i}`, namespace: ns(i), uid: `sa-uid-${i}`, creationTimestamp: ago(10 + (i % 400)),
      annotations: {
        ...(i % 5 === 0 ? { 'iam.gke.io/gcp-service-account': `sa-${i}@bench.iam.gserviceaccount.com` } : {}),
        ...(i % 3 === 0 ? { 'driftgraph.dev/owner': `owner${i % 40}@bench.example` } : {}),
        'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"ServiceAccount"}',
      },
      managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:metadata': {} } }],
    },
  }));
  const secrets = Array.from({ length: Math.ceil(accounts / 10) * 2 }, (_, k) => {
    const i = Math.floor(k / 2) * 10;
    const token = k % 2 === 0;
    return {
      metadata: { name: token ? `sa-${i}-token` : `app-${i}-config`, namespace: ns(i), uid: `s-uid-${k}`, creationTimestamp: ago(100 + (k % 600)), annotations: token ? { 'kubernetes.io/service-account.name': `sa-${i}` } : {} },
      type: token ? 'kubernetes.io/service-account-token' : 'Opaque',
      data: { token: 'YmVuY2g=' },
    };
  });
  const roles = Array.from({ length: 50 }, (_, r) => ({
    metadata: { name: `role-${r}` },
    rules: [{ apiGroups: [''], resources: r === 0 ? ['secrets'] : ['pods', 'configmaps'], verbs: r === 1 ? ['*'] : ['get', 'list'] }],
  }));
  const bindings = Array.from({ length: Math.ceil(accounts / 3) }, (_, k) => ({
    metadata: { name: `rb-${k}`, namespace: ns(k * 3) },
    roleRef: { kind: 'ClusterRole', name: `role-${k % 50}` },
    subjects: [{ kind: 'ServiceAccount', name: `sa-${k * 3}`, namespace: ns(k * 3) }],
  }));
  const podList = Array.from({ length: pods }, (_, p) => {
    const i = (p * 7) % accounts;
    return {
      metadata: { name: `pod-${p}`, namespace: ns(i), creationTimestamp: ago(p % 120), ownerReferences: [{ kind: 'ReplicaSet', name: `rs-${i}` }] },
      spec: { serviceAccountName: `sa-${i}`, containers: [{ name: 'app', image: 'app:1', env: [{ name: 'MODE', value: 'bench' }] }] },
      status: { phase: p % 9 === 0 ? 'Succeeded' : 'Running' },
    };
  });
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  return {
    '/api/v1/serviceaccounts': sas,
    '/api/v1/secrets': secrets,
    '/api/v1/pods': podList,
    [`${rbac}/clusterroles`]: roles,
    [`${rbac}/roles`]: [],
    [`${rbac}/clusterrolebindings`]: [],
    [`${rbac}/rolebindings`]: bindings,
  };
}

async function child(dir: string, kubeconfig: string, clusters: number): Promise<void> {
  const { kubernetesConnector } = await import('../../connectors/kubernetes/index.js');
  const { registry } = await import('../../connectors/index.js');
  const { openEmbeddedStore } = await import('../../src/graph/grafeo-store.js');
  const { ensureSchema } = await import('../../src/graph/schema.js');
  const { runScan } = await import('../../src/scan/run-scan.js');
  const config = { kubeconfig, clusters: Array.from({ length: clusters }, (_, c) => ({ context: `c${c}`, name: `cluster-${c}` })) };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await kubernetesConnector.collect!(join(dir, 'snapshot'), { now: NOW, config, shared: {}, progress: { step() {} }, stateDir: dir });
  const collectMs = performance.now() - t0;
  const collectCpu = process.cpuUsage(c0);
  if (r.failed.length) throw new Error(`collect failed: ${JSON.stringify(r.failed)}`);
  await writeFile(join(dir, 'snapshot', 'manifest.json'), JSON.stringify({ collectedAt: NOW }));
  const store = await openEmbeddedStore(join(dir, 'graph.db'));
  await ensureSchema(store);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const scan = await runScan(store, { registry, snapshotDir: join(dir, 'snapshot'), config: { kubernetes: {} } as never, exceptions: [], progress: { step() {} } });
  const scanMs = performance.now() - t1;
  const scanCpu = process.cpuUsage(c1);
  const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  await store.close();
  const k8s = scan.outcomes.find((o) => o.source === 'kubernetes')!;
  const findings = scan.rules.reduce((n, x) => n + x.findings.length, 0);
  console.log(JSON.stringify({ requests: r.requests, collectMs, scanMs, collectCpuS: cpuS(collectCpu), scanCpuS: cpuS(scanCpu), nodes: k8s.nodes, edges: k8s.edges, findings, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  const [clusters = 2, accounts = 500, pods = 1000] = process.argv.slice(2).map(Number);
  const lists = cluster(accounts, pods);
  const server = await startKubernetesServer({ token: TOKEN, lists, maxPage: 500 });
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-bench-k8s-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    const contexts = Array.from({ length: clusters }, (_, c) => `- name: c${c}\n  context:\n    cluster: bench\n    user: reader\n`).join('');
    await writeFile(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: ${server.url}\n    insecure-skip-tls-verify: true\ncontexts:\n${contexts}users:\n- name: reader\n  user:\n    token: ${TOKEN}\n`);
    // Asynchronously: the server answering the child lives in this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir, kubeconfig, String(clusters)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const m = JSON.parse(out.trim().split('\n').pop()!);
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`Kubernetes: ${clusters} cluster(s) x ${accounts} service accounts x ${pods} pods`);
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| API calls (list pages; 500 items a page) | ${m.requests} |`);
    // CPU beside wall time: on a shared machine the wall time is mostly waiting for a core.
    console.log(`| collect time (CPU) | ${secs(m.collectMs)} (${m.collectCpuS.toFixed(1)} s) |`);
    console.log(`| scan (load, derive, rules) time (CPU) | ${secs(m.scanMs)} (${m.scanCpuS.toFixed(1)} s) |`);
    console.log(`| Kubernetes nodes / relationships written | ${m.nodes} / ${m.edges} |`);
    console.log(`| findings | ${m.findings} |`);
    console.log(`| peak memory (collect + scan process) | ${Math.round(m.peakRssMb)} MB |`);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
else await main();

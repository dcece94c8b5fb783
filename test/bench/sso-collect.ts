// What a live collection of a large IAM Identity Center instance costs: API
// calls per operation (account assignments asked only for the (account,
// permission set) pairs ListAccountsForProvisionedPermissionSet names, never
// accounts x permission sets), time, and then the load of what it wrote into
// a fresh embedded store (time and peak memory of the loading process),
// against the local JSON 1.1 server.
//   node --import tsx test/bench/sso-collect.ts [users groups accounts permissionSets assignments]
// The issue's size is 20000 2000 300 100 60000 (`SSO_SIZE=20000,2000,300,100,60000
// npm run bench -- sso-collect`); without it a small instance runs (the CPU is
// shared). Collection and load run in a child process so its peak memory is
// its own, not the server's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSsoEstate } from '../servers/sso-estate.js';
import { startSsoServer } from '../servers/sso-server.js';
import { runChild } from './child-run.js';

async function child(): Promise<void> {
  const { collectAwsSso } = await import('../../connectors/aws-sso/collect.js');
  const { awsSsoConnector } = await import('../../connectors/aws-sso/index.js');
  const { openEmbeddedStore } = await import('../../src/graph/grafeo-store.js');
  const { ensureSchema } = await import('../../src/graph/schema.js');
  const { runScan } = await import('../../src/scan/run-scan.js');
  const out = process.env.BENCH_SSO_OUT!;
  // CPU seconds beside wall time: on a shared machine the wall clock measures the neighbours too.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let c = cpu();
  let t = Date.now();
  const stats = await collectAwsSso(out, { now: new Date().toISOString(), config: { concurrency: 8 }, shared: {}, progress: { step() {} }, stateDir: '' });
  if (stats.failed.length) throw new Error(stats.failed.map((f) => f.error).join('; '));
  const collectMs = Date.now() - t;
  const collectCpu = cpu() - c;
  c = cpu();
  const collectRss = process.resourceUsage().maxRSS;
  t = Date.now();
  const read = await awsSsoConnector.loadSnapshot({ snapshotDir: out, now: new Date().toISOString(), config: undefined, shared: {}, progress: { step() {} } });
  if (read.failed.length) throw new Error(read.failed.map((f) => f.error).join('; '));
  const readMs = Date.now() - t;
  const readCpu = cpu() - c;
  c = cpu();
  t = Date.now();
  const store = await openEmbeddedStore(join(out, 'graph.db'));
  await ensureSchema(store);
  const scan = await runScan(store, { registry: [awsSsoConnector], snapshotDir: out, config: {}, exceptions: [], progress: { step() {} } });
  await store.close();
  const scanMs = Date.now() - t;
  const scanCpu = cpu() - c;
  const o = scan.outcomes[0]!;
  if (o.status !== 'loaded') throw new Error(`load: ${o.status} ${JSON.stringify(o.errors)}`);
  console.log(JSON.stringify({ stats, collectMs, collectPeakRssMb: Math.round(collectRss / 1024), readMs, scanMs, collectCpu, readCpu, scanCpu, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), nodes: o.nodes, edges: o.edges }));
}

async function main(): Promise<void> {
  const [users = 2000, groups = 200, accounts = 30, permissionSets = 10, assignments = 6000] = process.argv.slice(2).map(Number);
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-sso-bench-'));
  try {
    let t = Date.now();
    const estate = generateSsoEstate({ users, groups, accounts, permissionSets, assignments });
    const server = await startSsoServer([estate], { pageCap: 100 });
    const pairs = accounts * permissionSets;
    console.log(`instance: ${users} users, ${groups} groups, ${accounts} accounts, ${permissionSets} permission sets, ${estate.assignments.length} assignments (generated in ${Date.now() - t} ms)`);
    t = Date.now();
    // The server answers in this process while the child collects.
    const m = await runChild(fileURLToPath(import.meta.url), { DRIFTGRAPH_AWS_ENDPOINT: server.url, AWS_ACCESS_KEY_ID: 'AKIABENCH0000000001', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', BENCH_SSO_OUT: join(root, 'out') }).finally(() => server.close());
    const calls = m.stats.calls as Record<string, number>;
    const listAssignments = calls['SSOAdmin ListAccountAssignments'] ?? 0;
    console.log(`API calls: ${m.stats.totalCalls} (${m.stats.totalHttpRequests} HTTP requests)`);
    for (const [op, n] of Object.entries(calls)) console.log(`  ${op}: ${n}`);
    console.log(`ListAccountAssignments: ${listAssignments} for ${pairs} account x permission set pairs (${((listAssignments / pairs) * 100).toFixed(0)} %: pruned by ListAccountsForProvisionedPermissionSet)`);
    console.log(`collect: ${m.collectMs} ms (${m.collectCpu.toFixed(1)} CPU s in the collector), peak RSS ${m.collectPeakRssMb} MB; ${m.stats.assignments} assignments written`);
    console.log(`read + map (the connector alone): ${m.readMs} ms (${m.readCpu.toFixed(1)} CPU s)`);
    console.log(`scan into a fresh embedded store (load, derive, every rule): ${m.scanMs} ms (${m.scanCpu.toFixed(1)} CPU s), ${m.nodes} nodes, ${m.edges} relationships; peak RSS of the process ${m.peakRssMb} MB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else await main();

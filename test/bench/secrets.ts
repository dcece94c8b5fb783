// What Secrets Manager costs at scale: a live collection of N secrets across
// A accounts (an AWS Organization, one role per member account) against the
// local AWS server, with its API calls (ideal: one ListSecrets page per 100
// secrets, rounded up, per account and region), then a scan of what it wrote into a fresh embedded store
// in a child process, so the load's time and peak memory are its own.
//   node --import tsx test/bench/secrets.ts [secrets accounts]
// The size is 50000 50 (`npm run bench -- secrets` runs 5000 10; or
// SECRETS_SIZE=50000,50).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsClientFactory, collectAwsAccounts } from '../../connectors/aws/collect.js';
import { emptyAccount, type EstateAccount } from '../servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../servers/iam-server.js';
import { secretsEstate } from '../servers/secrets-manager-api.js';

const MGMT = '100000000000';
const ROLE = 'OrganizationAccountAccessRole';
const NOW = '2026-11-20T02:00:00Z';
const ago = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

function member(id: string): EstateAccount {
  const a = emptyAccount(id);
  a.roles.push({ name: ROLE, id: `AROA${id}`, path: '/', created: '2024-01-01T00:00:00Z', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }] }, tags: [], inlinePolicies: [], attachedPolicies: [] });
  return a;
}

/** A spread of the cases the rules judge: owners or none, rotation on or off, read recently, long ago or never. */
function secrets(account: string, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    ARN: `arn:aws:secretsmanager:eu-west-1:${account}:secret:app/s${i}-AbC123`,
    Name: `app/s${i}`,
    Description: `secret ${i}`,
    CreatedDate: ago(30 + (i % 700)),
    LastChangedDate: ago(i % 300),
    ...(i % 5 === 0 ? {} : { LastAccessedDate: ago(i % 200).slice(0, 10) + 'T00:00:00Z' }),
    RotationEnabled: i % 3 === 0,
    ...(i % 4 === 0 ? {} : { Tags: [{ Key: 'owner', Value: `team${i % 20}@bench.example` }] }),
    ...(i % 97 === 0 ? { OwningService: 'rds' } : {}),
    ...(i % 89 === 0 ? { DeletedDate: ago(2) } : {}),
  }));
}

async function child(dir: string): Promise<void> {
  const { openEmbeddedStore } = await import('../../src/graph/grafeo-store.js');
  const { ensureSchema } = await import('../../src/graph/schema.js');
  const { runScan } = await import('../../src/scan/run-scan.js');
  const { registry } = await import('../../connectors/index.js');
  const store = await openEmbeddedStore(join(dir, 'graph.db'));
  const t = Date.now();
  await ensureSchema(store);
  const r = await runScan(store, { registry, snapshotDir: join(dir, 'snap'), config: { sources: { absent: ['hr', 'catalog'] } }, exceptions: [], progress: { step: () => {} } });
  const ms = Date.now() - t;
  const [count] = await store.read(`MATCH (c:Credential) WHERE c.source = 'aws' AND c.type = 'secret' RETURN count(c) AS n`);
  const findings = r.rules.reduce((s, x) => s + (x.findings?.length ?? 0), 0);
  await store.close();
  console.log(JSON.stringify({ scanMs: ms, secrets: Number(count!.n), findings, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main(): Promise<void> {
  const [total = 5000, accounts = 10] = process.argv.slice(2).map(Number);
  const ids = Array.from({ length: accounts }, (_, i) => String(200000000000 + i));
  const per = Math.ceil(total / accounts);
  const estate = { managementAccountId: MGMT, accounts: [emptyAccount(MGMT), ...ids.map(member)] };
  const server = await startIamServer({ estate, secrets: secretsEstate(Object.fromEntries(ids.map((id) => [id, { 'eu-west-1': secrets(id, per) }]))) });
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-secrets-bench-'));
  try {
    const clients = awsClientFactory({ endpoint: server.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const config = { aws: { organizations: { roleName: ROLE }, secretsManager: { regions: ['eu-west-1'] }, concurrency: 8 } };
    const stats = await collectAwsAccounts(join(root, 'snap'), { config, progress: { step: () => {} }, now: NOW }, clients);
    if (stats.failed.length) throw new Error(stats.failed.map((f) => f.error.describe()).join('; '));
    await mkdir(join(root, 'snap'), { recursive: true });
    await writeFile(join(root, 'snap', 'manifest.json'), JSON.stringify({ collectedAt: NOW }));
    const list = stats.calls['SecretsManager ListSecrets'] ?? 0;
    const ideal = accounts * Math.ceil(per / 100);
    console.log(`estate: ${per * accounts} secrets in ${accounts} accounts (${per} each, one region)`);
    console.log(`collect: ${stats.wallMs} ms; ListSecrets ${list} calls (ideal ${ideal}), ${stats.httpRequests['SecretsManager ListSecrets']} HTTP requests; all calls ${stats.totalCalls}; peak RSS with the server in the process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number>((r) => proc.on('close', (c) => r(c ?? 1)));
    if (code !== 0) throw new Error(`scan failed (exit ${code})`);
    const m = JSON.parse(out.trim().split('\n').pop()!);
    console.log(`scan (load, derive, rules) of the collected snapshot: ${m.scanMs} ms, ${m.secrets} secrets in the store, ${m.findings} findings; peak RSS ${m.peakRssMb} MB`);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else await main();

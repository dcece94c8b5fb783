// What a Vault cluster with many tokens costs: API calls and time of a live
// collection (one LIST, then one lookup per accessor), then the load of what
// it wrote (read + map, and the write into a fresh embedded store), with the
// peak memory of the process that does both, against the local server
// speaking Vault's HTTP API.
//   node --import tsx test/bench/vault-collect.ts [tokens entities approles secretIdsPerRole kvSecrets]
// The issue's size is 100000 tokens; `npm run bench -- vault` runs a small
// cluster (the CPU is shared). The collection and the load run in a child
// process, so its peak memory is its own, not the server's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVaultServer, type VaultEstate } from '../servers/vault-server.js';
import { runChild } from './child-run.js';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const ago = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
const unix = (days: number) => Math.floor((NOW - days * 86_400_000) / 1000);
const guid = (prefix: string, i: number) => `${prefix}000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const TOKEN = 'hvs.bench-reader-token-000000000000000000';

function cluster(tokens: number, entities: number, approles: number, secretIdsPerRole: number, kvSecrets: number): VaultEstate {
  const estate: VaultEstate = { entities: [], tokens: [], approles: { approle: {} }, secretIds: {}, kv: { secret: {} } };
  for (let i = 0; i < entities; i++) {
    estate.entities.push({
      id: guid('7e', i), name: `entity_${i}`, disabled: i % 97 === 0, policies: i % 50 ? [] : ['admin'], metadata: null,
      creation_time: ago(400), last_update_time: ago(3),
      aliases: [{ id: guid('a1', i), name: `user${i}@bench.example`, mount_type: 'oidc', mount_path: 'auth/oidc/', mount_accessor: 'auth_oidc_1', metadata: null }],
    });
  }
  for (let i = 0; i < tokens; i++) {
    const noExpiry = i % 200 === 0;
    estate.tokens.push({
      accessor: `acc${String(i).padStart(21, '0')}`, creation_time: unix(i % 300), creation_ttl: noExpiry ? 0 : 2764800, display_name: `oidc-user${i % entities}`,
      entity_id: i % 10 ? guid('7e', i % entities) : '', expire_time: noExpiry ? null : ago(-(i % 30)), explicit_max_ttl: 0, id: '',
      identity_policies: [], issue_time: ago(i % 300), meta: i % 10 ? null : { owner: `user${i % entities}@bench.example` }, num_uses: 0, orphan: i % 10 === 0,
      path: 'auth/oidc/oidc/callback', policies: noExpiry && i % 1000 === 0 ? ['root'] : ['default'], renewable: true, ttl: 3600, type: 'service',
    });
  }
  for (let r = 0; r < approles; r++) {
    const name = `role-${r}`;
    estate.approles.approle![name] = { token_policies: ['app'], policies: ['app'], secret_id_ttl: r % 5 ? 2592000 : 0, secret_id_num_uses: r % 3 ? 0 : 10, token_ttl: 3600 };
    estate.secretIds[`approle/${name}`] = Array.from({ length: secretIdsPerRole }, (_, k) => ({
      secret_id_accessor: guid('5d', r * secretIdsPerRole + k), creation_time: ago(k * 20), expiration_time: r % 5 ? ago(k * 20 - 30) : '0001-01-01T00:00:00Z',
      last_updated_time: ago(k * 10), secret_id_ttl: r % 5 ? 2592000 : 0, secret_id_num_uses: r % 3 ? 0 : 10, metadata: r % 4 ? { owner: `user${r}@bench.example` } : null, cidr_list: [],
    }));
  }
  for (let k = 0; k < kvSecrets; k++) {
    estate.kv.secret![`team-${k % 20}/svc-${k}`] = {
      metadata: { created_time: ago(500), updated_time: ago(k % 200), current_version: 1, custom_metadata: k % 3 ? { owner: `user${k}@bench.example` } : null, versions: { '1': { created_time: ago(k % 200), deletion_time: '', destroyed: false } } },
      data: { value: 'never-read' },
    };
  }
  return estate;
}

async function child(): Promise<void> {
  const { collectVault } = await import('../../connectors/vault/collect.js');
  const { vaultConnector } = await import('../../connectors/vault/index.js');
  const { openEmbeddedStore } = await import('../../src/graph/grafeo-store.js');
  const { ensureSchema } = await import('../../src/graph/schema.js');
  const { runScan } = await import('../../src/scan/run-scan.js');
  const out = process.env.BENCH_VAULT_OUT!;
  const config = { clusters: [{ name: 'bench', address: process.env.BENCH_VAULT_URL!, tokenEnv: 'BENCH_VAULT_TOKEN' }], requestsPerSecond: 100_000, concurrency: 16 };
  let t = Date.now();
  const r = await collectVault(out, { now: new Date().toISOString(), config, shared: {}, progress: { step() {} }, stateDir: join(out, 'state') }, { BENCH_VAULT_TOKEN: TOKEN });
  if (r.failed.length) throw new Error(r.failed.map((f) => f.error).join('; '));
  const collectMs = Date.now() - t;
  const collectRss = process.resourceUsage().maxRSS;
  t = Date.now();
  const load = await vaultConnector.loadSnapshot({ snapshotDir: out, now: '2026-11-20T02:00:00.000Z', config: undefined, shared: {}, progress: { step() {} } });
  if (load.failed.length) throw new Error(load.failed.map((f) => f.error).join('; '));
  const loadMs = Date.now() - t;
  t = Date.now();
  const store = await openEmbeddedStore(join(out, 'graph.db'));
  await ensureSchema(store);
  const scan = await runScan(store, { registry: [vaultConnector], snapshotDir: out, config: {}, exceptions: [], now: '2026-11-20T02:00:00.000Z', progress: { step() {} } });
  await store.close();
  const scanMs = Date.now() - t;
  const findings = scan.rules.reduce((n, x) => n + x.findings.length, 0);
  console.log(JSON.stringify({ requests: r.requests, collectMs, collectPeakRssMb: Math.round(collectRss / 1024), loadMs, scanMs, findings, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), nodes: load.graph.nodes.length, edges: load.graph.edges.length }));
}

async function main(): Promise<void> {
  const [tokens = 5000, entities = 1000, approles = 100, secretIdsPerRole = 5, kvSecrets = 1000] = process.argv.slice(2).map(Number);
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-vault-bench-'));
  try {
    const server = await startVaultServer({ token: TOKEN, estate: cluster(tokens, entities, approles, secretIdsPerRole, kvSecrets) });
    console.log(`cluster: ${tokens} token accessors, ${entities} entities, ${approles} AppRoles x ${secretIdsPerRole} secret IDs, ${kvSecrets} KV secrets`);
    // The server answers in this process while the child collects.
    const m = await runChild(fileURLToPath(import.meta.url), { BENCH_VAULT_URL: server.url, BENCH_VAULT_OUT: join(root, 'out') }).finally(() => server.close());
    const lookups = server.log.filter((l) => l === 'POST auth/token/lookup-accessor').length;
    console.log(`Vault API calls: ${m.requests} (${lookups} token lookups, ${server.log.filter((l) => l.startsWith('LIST')).length} LIST, ${server.log.filter((l) => l.startsWith('GET')).length} GET); ${(m.requests / tokens).toFixed(3)} calls per token`);
    console.log(`collect: ${m.collectMs} ms (${Math.round((m.requests / m.collectMs) * 1000)} calls/s against a local server), peak RSS ${m.collectPeakRssMb} MB`);
    console.log(`load (read + map): ${m.loadMs} ms, ${m.nodes} nodes, ${m.edges} relationships`);
    console.log(`scan into a fresh embedded store (write, derive, rules): ${m.scanMs} ms, ${m.findings} findings; peak RSS of the process ${m.peakRssMb} MB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else await main();

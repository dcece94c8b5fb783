// What a live collection of AI provider keys costs: admin API calls, time and
// peak memory of collecting, reading and scanning (load, link, rules) one
// OpenAI and one Anthropic organization holding `keys` API keys between them
// (the size is 5,000), against the local server that speaks both
// admin APIs. The collection and the scan run in a child process, so its
// peak memory is its own, not the server's.
//   node --import tsx test/bench/ai-keys.ts [keys] [pageSize]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAiServer, type AnthropicOrgData, type OpenAiOrgData } from '../servers/ai-server.js';
import { runChild } from './child-run.js';

const NOW = '2026-11-20T02:00:00.000Z';
const OPENAI_KEY = 'bench-openai-admin';
const ANTHROPIC_KEY = 'bench-anthropic-admin';
const at = (days: number) => Math.floor((Date.parse(NOW) - days * 86_400_000) / 1000);
const iso = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

/** Half the keys in OpenAI (50 projects, a fifth owned by service accounts), half in Anthropic (20 workspaces). */
function estate(keys: number): { openai: OpenAiOrgData; anthropic: AnthropicOrgData; people: number } {
  const people = Math.max(10, Math.round(keys / 5));
  const oaKeys = Math.ceil(keys / 2);
  const users = Array.from({ length: people }, (_, i) => ({ object: 'organization.user', id: `user-${i}`, name: `User ${i}`, email: `p${i}@bench.example`, role: i % 50 ? 'reader' : 'owner', added_at: at(400) }));
  const projects = Array.from({ length: 50 }, (_, p) => ({ object: 'organization.project', id: `proj_${p}`, name: `Project ${p}`, created_at: at(500), archived_at: null, status: 'active' }));
  const projectKeys: Record<string, Record<string, unknown>[]> = {};
  const serviceAccounts: Record<string, Record<string, unknown>[]> = {};
  for (let k = 0; k < oaKeys; k++) {
    const p = `proj_${k % 50}`;
    const sa = k % 5 === 0;
    const owner = sa
      ? { type: 'service_account', service_account: { object: 'organization.project.service_account', id: `svc_acct_${k}`, name: `sa ${k}`, role: 'member', created_at: at(k % 300) } }
      : { type: 'user', user: { object: 'organization.project.user', id: `user-${k % people}`, name: 'u', email: `p${k % people}@bench.example`, role: 'member', added_at: at(400) } };
    (projectKeys[p] ??= []).push({ object: 'organization.project.api_key', redacted_value: 'sk-proj-...abcd', name: `key ${k}`, created_at: at(k % 300), last_used_at: k % 7 ? at(k % 120) : null, id: `key_${k}`, owner });
    if (sa) (serviceAccounts[p] ??= []).push({ object: 'organization.project.service_account', id: `svc_acct_${k}`, name: `sa ${k}`, role: 'member', created_at: at(k % 300) });
  }
  const openai: OpenAiOrgData = {
    users,
    adminKeys: Array.from({ length: 5 }, (_, i) => ({ object: 'organization.admin_api_key', id: `key_admin_${i}`, name: `admin ${i}`, redacted_value: 'sk-admin...abcd', created_at: at(100 * i), last_used_at: at(i), owner: { type: 'user', object: 'organization.user', id: 'user-0', name: 'User 0', role: 'owner' } })),
    projects,
    projectKeys,
    serviceAccounts,
  };
  const workspaces = Array.from({ length: 20 }, (_, w) => ({ type: 'workspace', id: `wrkspc_${w}`, name: `Workspace ${w}`, created_at: iso(500), archived_at: null, display_color: '#000000' }));
  const anthropic: AnthropicOrgData = {
    users: Array.from({ length: people }, (_, i) => ({ type: 'user', id: `user_${i}`, email: `p${i}@bench.example`, name: `User ${i}`, role: i % 50 ? 'developer' : 'admin', added_at: iso(400) })),
    apiKeys: Array.from({ length: keys - oaKeys }, (_, k) => ({ type: 'api_key', id: `apikey_${k}`, name: `key ${k}`, workspace_id: `wrkspc_${k % 20}`, created_at: iso(k % 300), created_by: { id: `user_${k % (people + 20)}`, type: 'user' }, partial_key_hint: 'sk-ant-api03-...AA', status: k % 11 ? 'active' : 'inactive' })),
    workspaces,
    members: Object.fromEntries(workspaces.map((w, n) => [w.id, Array.from({ length: Math.min(people, 40) }, (_, i) => ({ type: 'workspace_member', user_id: `user_${(n * 7 + i) % people}`, workspace_id: w.id, workspace_role: i ? 'workspace_developer' : 'workspace_admin' }))])),
  };
  return { openai, anthropic, people };
}

async function child(): Promise<void> {
  const { collectAi } = await import('../../connectors/ai/collect.js');
  const { aiConnector } = await import('../../connectors/ai/index.js');
  const { hrConnector } = await import('../../connectors/hr/index.js');
  const { openEmbeddedStore } = await import('../../src/graph/grafeo-store.js');
  const { ensureSchema } = await import('../../src/graph/schema.js');
  const { runScan } = await import('../../src/scan/run-scan.js');
  const { writeFile, mkdir } = await import('node:fs/promises');
  const out = process.env.BENCH_AI_OUT!;
  const config = JSON.parse(process.env.BENCH_AI_CONFIG!);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let t = Date.now();
  let c = cpu();
  const r = await collectAi(out, { now: NOW, config, shared: {}, progress: { step() {} }, stateDir: out }, { K_OPENAI: OPENAI_KEY, K_ANTHROPIC: ANTHROPIC_KEY });
  if (r.failed.length) throw new Error(r.failed.map((f) => f.error).join('; '));
  const collectMs = Date.now() - t;
  const collectCpuMs = cpu() - c;
  const collectRss = process.resourceUsage().maxRSS;
  // HR for the links: every bench person, a tenth of them leavers.
  const people = Number(process.env.BENCH_AI_PEOPLE);
  await mkdir(join(out, 'hr'), { recursive: true });
  const rows = Array.from({ length: people }, (_, i) => `E${i},p${i}@bench.example,P ${i},eng,Eng,,GB,employee,${i % 10 ? 'active' : 'terminated'},2020-01-01,${i % 10 ? '' : '2026-06-01'}`);
  await writeFile(join(out, 'hr', 'people.csv'), ['employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date', ...rows].join('\n') + '\n');
  await writeFile(join(out, 'manifest.json'), JSON.stringify({ collectedAt: NOW }));
  t = Date.now();
  c = cpu();
  const load = await aiConnector.loadSnapshot({ snapshotDir: out, now: NOW, config: undefined, shared: {}, progress: { step() {} } });
  if (load.failed.length) throw new Error(load.failed.map((f) => f.error).join('; '));
  const readMs = Date.now() - t;
  const readCpuMs = cpu() - c;
  const store = await openEmbeddedStore(join(out, 'store', 'graph.db'));
  t = Date.now();
  c = cpu();
  let findings = 0;
  try {
    await ensureSchema(store);
    const scan = await runScan(store, { registry: [hrConnector, aiConnector], snapshotDir: out, config: {}, exceptions: [], progress: { step() {} } });
    findings = scan.rules.reduce((n, x) => n + x.findings.length, 0);
  } finally {
    await store.close();
  }
  console.log(JSON.stringify({
    requests: r.requests, collectMs, collectCpuMs, collectPeakRssMb: Math.round(collectRss / 1024), readAndMapMs: readMs, readCpuMs,
    nodes: load.graph.nodes.length, edges: load.graph.edges.length, scanMs: Date.now() - t, scanCpuMs: cpu() - c, findings, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
}

async function main(): Promise<void> {
  const [keys = 5000, pageSize = 100] = process.argv.slice(2).map(Number);
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-ai-bench-'));
  const e = estate(keys);
  const server = await startAiServer({ openai: { [OPENAI_KEY]: e.openai }, anthropic: { [ANTHROPIC_KEY]: e.anthropic }, maxPage: 1000 });
  try {
    const config = { openai: [{ org: 'bench', adminKeyEnv: 'K_OPENAI', baseUrl: server.url }], anthropic: [{ org: 'bench', adminKeyEnv: 'K_ANTHROPIC', baseUrl: server.url }], pageSize };
    console.log(`AI keys: ${keys} (${Math.ceil(keys / 2)} OpenAI project keys in 50 projects + 5 admin keys, ${keys - Math.ceil(keys / 2)} Anthropic keys in 20 workspaces), ${e.people} members per org, ${pageSize} items a page`);
    const m = await runChild<Record<string, number>>(fileURLToPath(import.meta.url), { BENCH_AI_CONFIG: JSON.stringify(config), BENCH_AI_OUT: join(root, 'out'), BENCH_AI_PEOPLE: String(e.people) });
    const s = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(2)} s`;
    const rows: [string, string][] = [
      ['admin API calls', `${m.requests} (server saw ${server.log.length})`],
      ['collect', `${s(m.collectMs)} wall, ${s(m.collectCpuMs)} CPU (client side), peak RSS ${m.collectPeakRssMb} MB`],
      ['read + map', `${s(m.readAndMapMs)} wall, ${s(m.readCpuMs)} CPU (${m.nodes} nodes, ${m.edges} edges)`],
      ['scan (load, link, rules; with HR)', `${s(m.scanMs)} wall, ${s(m.scanCpuMs)} CPU, ${m.findings} findings`],
      ['peak RSS of the whole run', `${m.peakRssMb} MB`],
    ];
    for (const [k, v] of rows) console.log(`${k.padEnd(36)} ${v}`);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else await main();

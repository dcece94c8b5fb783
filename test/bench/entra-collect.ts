// What a live collection of a large Entra ID tenant costs: Graph calls (list
// pages, $batch calls), time, and then the load of what it wrote (time and
// peak memory of the loading process), against the local HTTPS Graph server.
//   node --import tsx test/bench/entra-collect.ts [users apps servicePrincipals signIns groups]
// The size is 50000 5000 5000 1000000; `npm run bench -- entra-collect`
// runs a small tenant (the CPU is shared). The collection and the load run in
// a child process that trusts the server's certificate (NODE_EXTRA_CA_CERTS),
// so its peak memory is its own, not the server's.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGraphServer } from '../servers/graph-server.js';
import { runChild } from './child-run.js';

const TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
type Item = Record<string, unknown>;
const ago = (days: number) => new Date(Date.parse('2026-11-20T02:00:00Z') - days * 86_400_000).toISOString();
const guid = (prefix: string, i: number) => `${prefix}000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function tenant(users: number, apps: number, sps: number, signIns: number, groups: number): Record<string, Item[]> {
  const lists: Record<string, Item[]> = {};
  lists.users = Array.from({ length: users }, (_, i) => ({
    id: guid('a0', i), userPrincipalName: `user${i}@bench.example`, displayName: `User ${i}`, mail: `user${i}@bench.example`, otherMails: [],
    employeeId: `E${i}`, accountEnabled: i % 50 !== 0, userType: i % 40 === 0 ? 'Guest' : 'Member', createdDateTime: ago(400 + (i % 300)),
    signInActivity: { lastSignInDateTime: ago(i % 200), lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: ago(i % 200) },
  }));
  lists.groups = Array.from({ length: groups }, (_, g) => ({ id: guid('c0', g), displayName: `Group ${g}`, securityEnabled: true, isAssignableToRole: g < 5 }));
  for (let g = 0; g < groups; g++) {
    lists[`groups/${guid('c0', g)}/members`] = Array.from({ length: 40 }, (_, k) => ({ '@odata.type': '#microsoft.graph.user', id: guid('a0', (g * 37 + k * 11) % users) }));
  }
  lists['roleManagement/directory/roleAssignments'] = Array.from({ length: 60 }, (_, i) => ({
    id: `ra-${i}`, principalId: guid('a0', i * 7), roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/',
    roleDefinition: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10', isBuiltIn: true },
  }));
  const cred = (kind: 'pw' | 'key', i: number) => ({
    keyId: guid(kind === 'pw' ? '5e' : '6e', i), displayName: `c${i}`, startDateTime: ago(i % 500), endDateTime: ago(-(i % 400)),
    hint: 'abc', customKeyIdentifier: null, ...(kind === 'key' ? { type: 'AsymmetricX509Cert', usage: 'Verify', key: null } : {}),
  });
  lists.applications = Array.from({ length: apps }, (_, i) => ({
    id: guid('d0', i), appId: guid('e0', i), displayName: `app-${i}`, createdDateTime: ago(300), passwordCredentials: [cred('pw', i)], keyCredentials: i % 3 ? [] : [cred('key', i)],
  }));
  for (let i = 0; i < apps; i++) {
    lists[`applications/${guid('d0', i)}/owners`] = i % 10 ? [{ '@odata.type': '#microsoft.graph.user', id: guid('a0', i % users) }] : [];
    lists[`applications/${guid('d0', i)}/federatedIdentityCredentials`] = i % 20 ? [] : [{ id: `f${i}`, name: 'gh', issuer: 'https://token.actions.githubusercontent.com', subject: `repo:org/r${i}:ref:refs/heads/main`, audiences: ['api://AzureADTokenExchange'] }];
  }
  lists.servicePrincipals = Array.from({ length: sps }, (_, i) => ({
    id: guid('f0', i), appId: guid('e0', i), displayName: `app-${i}`, servicePrincipalType: i % 25 === 0 ? 'ManagedIdentity' : 'Application', accountEnabled: true,
    appOwnerOrganizationId: TENANT, passwordCredentials: [], keyCredentials: [], tags: [], notes: null,
  }));
  for (let i = 0; i < sps; i++) lists[`servicePrincipals/${guid('f0', i)}/owners`] = [];
  lists['beta/reports/servicePrincipalSignInActivities'] = Array.from({ length: sps }, (_, i) => ({ id: `a${i}`, appId: guid('e0', i), lastSignInActivity: { lastSignInDateTime: ago(i % 150) } }));
  const countries = ['GB', 'DE', 'FR', 'US', 'IN', 'BR'];
  lists['auditLogs/signIns'] = Array.from({ length: signIns }, (_, i) => ({
    id: `s${i}`, createdDateTime: ago((i % 30) + 0.01), userId: guid('a0', i % users), userPrincipalName: `user${i % users}@bench.example`, appDisplayName: 'Teams',
    ipAddress: `203.0.113.${i % 250}`, location: { city: null, countryOrRegion: countries[i % countries.length] },
    status: { errorCode: i % 17 ? 0 : 50126 }, deviceDetail: { deviceId: i % 3 ? guid('9b', i % 5000) : '', isCompliant: true, isManaged: true },
  }));
  lists.devices = Array.from({ length: 5000 }, (_, i) => ({ id: guid('dd', i), deviceId: guid('9b', i), displayName: `d${i}`, operatingSystem: 'Windows', isCompliant: i % 9 !== 0, isManaged: true, approximateLastSignInDateTime: ago(i % 20) }));
  lists['reports/authenticationMethods/userRegistrationDetails'] = lists.users.map((u, i) => ({ id: u.id, userPrincipalName: u.userPrincipalName, isMfaRegistered: i % 13 !== 0, isAdmin: false }));
  return lists;
}

async function child(): Promise<void> {
  const { collectEntra } = await import('../../connectors/entra/collect.js');
  const { loadEntraSnapshot } = await import('../../connectors/entra/index.js');
  const cfg = JSON.parse(process.env.BENCH_ENTRA_CONFIG!);
  const out = process.env.BENCH_ENTRA_OUT!;
  let t = Date.now();
  const r = await collectEntra(out, { now: new Date().toISOString(), config: cfg, shared: {}, progress: { step() {} }, stateDir: join(out, 'state') }, { BENCH_SECRET: 'bench-secret' });
  if (r.failed.length) throw new Error(r.failed.map((f) => f.error).join('; '));
  const collectMs = Date.now() - t;
  const collectRss = process.resourceUsage().maxRSS;
  t = Date.now();
  const load = await loadEntraSnapshot({ snapshotDir: out, now: '2026-11-20T02:00:00.000Z', config: undefined, shared: {}, progress: { step() {} } });
  if (load.failed.length) throw new Error(load.failed.map((f) => f.error).join('; '));
  console.log(JSON.stringify({ requests: r.requests, collectMs, collectPeakRssMb: Math.round(collectRss / 1024), loadMs: Date.now() - t, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), nodes: load.graph.nodes.length, edges: load.graph.edges.length }));
}

async function main(): Promise<void> {
  const [users = 2000, apps = 200, sps = 200, signIns = 20000, groups = 100] = process.argv.slice(2).map(Number);
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-entra-bench-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', join(root, 'key.pem'), '-out', join(root, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const lists = tenant(users, apps, sps, signIns, groups);
    const server = await startGraphServer({ key: await readFile(join(root, 'key.pem'), 'utf8'), cert: await readFile(join(root, 'cert.pem'), 'utf8'), maxPage: 999, tenants: { [TENANT]: { secret: 'bench-secret', lists } } });
    const config = { graphUrl: server.url, authorityHost: server.url, tenants: [{ tenantId: TENANT, clientId: 'bench', clientSecretEnv: 'BENCH_SECRET' }] };
    const objects = users + apps + sps + groups;
    console.log(`tenant: ${users} users, ${groups} groups, ${apps} apps, ${sps} service principals, ${signIns} sign-ins (${objects} directory objects)`);
    // The server answers in this process while the child collects.
    const m = await runChild(fileURLToPath(import.meta.url), { NODE_EXTRA_CA_CERTS: join(root, 'cert.pem'), BENCH_ENTRA_CONFIG: JSON.stringify(config), BENCH_ENTRA_OUT: join(root, 'out') }).finally(() => server.close());
    const batches = server.log.filter((l) => l.startsWith('POST')).length;
    console.log(`Graph calls: ${m.requests} (${batches} $batch, ${server.log.filter((l) => l.startsWith('GET')).length} GET, token ${server.log.filter((l) => l.startsWith('token')).length}); ${(m.requests / objects).toFixed(3)} calls per directory object`);
    console.log(`collect: ${m.collectMs} ms, peak RSS ${m.collectPeakRssMb} MB`);
    console.log(`load (read + map): ${m.loadMs} ms, ${m.nodes} nodes, ${m.edges} relationships; peak RSS of the process ${m.peakRssMb} MB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else await main();



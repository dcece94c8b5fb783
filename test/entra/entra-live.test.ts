// Live Entra ID through the real command line, the real @azure/identity and
// Microsoft Graph SDKs, against a local HTTPS Graph (test/servers/graph-server.ts)
// serving the demo tenant: paging by @odata.nextLink, $select, 429 and 503 with
// Retry-After, $batch for owners, members and federated credentials (with a
// throttled sub-request), a client secret, a certificate and a federated
// token; a tenant whose call fails fails alone; the collected snapshot maps to
// the same records as the demo tenant, and no secret material is written.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadEntraSnapshot } from '../../connectors/entra/index.js';
import { startGraphServer, type GraphServer, type GraphTenant } from '../servers/graph-server.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/entra/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
const A = '3c1e9d7a-5b2f-4e8a-9c6d-0f1a2b3c4d5e';
const B = '11111111-2222-4333-8444-555555555555';
const C = '99999999-8888-4777-8666-555555555555';
const SECRET = 'client-secret-value-must-not-leak-7f3a';
const NOW = '2026-11-20T02:00:00.000Z';

type Item = Record<string, unknown>;

/** A demo file's items, pages joined. */
async function items(rel: string): Promise<Item[]> {
  const json = JSON.parse(await readFile(join(DEMO, A, rel), 'utf8'));
  return (Array.isArray(json) ? json : [json]).flatMap((p: { value: Item[] }) => p.value);
}

/** The demo tenant as Graph serves it: federated credentials and owners under their own paths. */
async function demoTenant(): Promise<GraphTenant> {
  const lists: Record<string, Item[]> = {
    users: await items('users.json'),
    groups: await items('groups.json'),
    'roleManagement/directory/roleAssignments': await items('role-assignments.json'),
    servicePrincipals: await items('service-principals.json'),
    'beta/reports/servicePrincipalSignInActivities': await items('service-principal-sign-in-activities.json'),
    'auditLogs/signIns': await items('sign-ins.json'),
    devices: await items('devices.json'),
    'reports/authenticationMethods/userRegistrationDetails': await items('mfa-registration.json'),
  };
  const apps = await items('applications.json');
  lists.applications = apps.map(({ federatedIdentityCredentials, ...rest }) => rest);
  for (const a of apps) {
    lists[`applications/${a.id}/federatedIdentityCredentials`] = (a.federatedIdentityCredentials as Item[] | undefined) ?? [];
    lists[`applications/${a.id}/owners`] = await items(`application-owners/${a.id}.json`);
  }
  for (const g of lists.groups!) lists[`groups/${g.id}/members`] = await items(`group-members/${g.id}.json`);
  for (const sp of lists.servicePrincipals!) {
    const file = join('service-principal-owners', `${sp.id}.json`);
    lists[`servicePrincipals/${sp.id}/owners`] = await items(file).catch(() => []);
  }
  return { secret: SECRET, lists };
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NEO4J_URI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('Entra ID live collection', () => {
  let root: string;
  let server: GraphServer;
  let result: { code: number; stdout: string; stderr: string };
  const out = () => join(root, 'snapshot');

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'driftgraph-entra-live-'));
    // A certificate for 127.0.0.1, trusted by the child through NODE_EXTRA_CA_CERTS; also tenant C's client certificate.
    // RSA: MSAL signs a certificate's client assertion with RS256/PS256.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', join(root, 'key.pem'), '-out', join(root, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const key = await readFile(join(root, 'key.pem'), 'utf8');
    const cert = await readFile(join(root, 'cert.pem'), 'utf8');
    await writeFile(join(root, 'client.pem'), key + cert);
    await writeFile(join(root, 'federated-token'), 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln\n');
    server = await startGraphServer({
      key,
      cert,
      maxPage: 4,
      tenants: {
        [A]: await demoTenant(),
        // Federated token; its service principals list fails: B fails alone.
        [B]: { federatedToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln', lists: { users: [], groups: [], applications: [], servicePrincipals: [], 'roleManagement/directory/roleAssignments': [] }, failing: { servicePrincipals: 500 } },
        // Certificate; reports it may not read (403) are left out with a warning.
        [C]: {
          lists: { users: [{ id: 'u1', userPrincipalName: 'x@c.example', mail: 'x@c.example', accountEnabled: true }], groups: [], applications: [], servicePrincipals: [], 'roleManagement/directory/roleAssignments': [] },
          failing: { 'beta/reports/servicePrincipalSignInActivities': 403, 'auditLogs/signIns': 403, devices: 403, 'reports/authenticationMethods/userRegistrationDetails': 403 },
        },
      },
      throttle: { users: 1 },
      unavailable: { groups: 1 },
      throttleInBatch: { [`applications/d0000000-0000-4000-8000-000000000001/owners`]: 1 },
    });
    await writeFile(
      join(root, 'driftgraph.yaml'),
      [
        'entra:',
        `  graphUrl: ${server.url}`,
        `  authorityHost: ${server.url}`,
        '  tenants:',
        `    - {tenantId: ${A}, clientId: app-a, clientSecretEnv: TEST_ENTRA_SECRET}`,
        `    - {tenantId: ${B}, clientId: app-b, federatedTokenFile: ${join(root, 'federated-token')}}`,
        `    - {tenantId: ${C}, clientId: app-c, certificatePath: ${join(root, 'client.pem')}}`,
        '',
      ].join('\n'),
    );
    result = await run(['--config', join(root, 'driftgraph.yaml'), 'collect', '--sources', 'entra', '--out', out()], {
      NODE_EXTRA_CA_CERTS: join(root, 'cert.pem'),
      TEST_ENTRA_SECRET: SECRET,
    });
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('collects tenants A and C, fails B alone naming the call, and exits 1', async () => {
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`entra: FAILED ${A} ${C}`));
    assert.match(result.stdout, new RegExp(`${B}: entra: API GET /servicePrincipals status 500: serviceError`));
    assert.deepEqual((await readdir(join(out(), 'entra'))).sort(), [A, C].sort(), 'no half folder of B');
    assert.deepEqual(server.log.filter((l) => l.startsWith('token')), [`token ${A} secret`, `token ${B} assertion`, `token ${C} assertion`], 'one token per tenant, in order');
    assert.match(result.stderr, new RegExp(`${C}: service-principal-sign-in-activities.json not collected \\(Graph answered 403\\)`));
    assert.deepEqual((await readdir(join(out(), 'entra', C))).filter((f) => f.endsWith('.json')).sort(), ['applications.json', 'groups.json', 'role-assignments.json', 'service-principals.json', 'users.json']);
  });

  it('pages by nextLink with $select, rides out a 429 and a 503 (Retry-After), and batches owners, members and federated credentials', () => {
    // Tenant A's calls: from its token to the next tenant's.
    const a = server.log.slice(server.log.indexOf(`token ${A} secret`), server.log.findIndex((l) => l.startsWith(`token ${B}`)));
    const users = a.filter((l) => l.startsWith('GET /v1.0/users'));
    // 20 users at 4 a page: 5 pages, the first asked twice (429, then served after Retry-After).
    assert.equal(users.length, 6, users.join('\n'));
    assert.ok(users.every((l) => decodeURIComponent(l).includes('$select=id,userPrincipalName')), 'every page keeps $select');
    assert.deepEqual(users.slice(2).map((l) => /skiptoken=(\d+)/.exec(l)?.[1]), ['4', '8', '12', '16'], 'the rest through @odata.nextLink');
    assert.equal(a.filter((l) => l.startsWith('GET /v1.0/groups?')).length, 2, '503, then served');
    // 3 groups' members; 13 apps' owners and federated credentials (26: 20 + 6, and the one
    // owner list throttled inside the batch sent again alone); 14 service principals' owners.
    assert.deepEqual(a.filter((l) => l.startsWith('POST')), ['(3)', '(20)', '(1)', '(6)', '(14)'].map((n) => `POST /v1.0/$batch ${n}`));
    // Per-object lists only through $batch; a list longer than a page goes on by its nextLink (Payments Engineers: 6 members).
    const single = server.log.filter((l) => /GET \/v1\.0\/(applications|servicePrincipals|groups)\/[^/?]+\/(owners|members|federatedIdentityCredentials)/.test(l));
    assert.deepEqual(single.map((l) => l.split('?')[0]), ['GET /v1.0/groups/c0000000-0000-4000-8000-000000000001/members']);
    assert.match(single[0]!, /skiptoken=4/);
    assert.ok(server.log.some((l) => l.startsWith('GET /v1.0/auditLogs/signIns') && decodeURIComponent(l).includes('$filter=createdDateTime ge ')));
  });

  it('the collected tenant maps to the same records as the demo tenant, and no secret material is written', async () => {
    const load = (dir: string) => loadEntraSnapshot({ snapshotDir: dir, now: NOW, config: undefined, shared: {}, progress: { step() {} } });
    const demoRoot = join(root, 'demo');
    await import('node:fs/promises').then((fs) => fs.cp(join(DEMO, A), join(demoRoot, 'entra', A), { recursive: true }));
    const [live, demo] = [await load(out()), await load(demoRoot)];
    const nodesOf = (l: typeof live) => l.graph.nodes.filter((n) => n.props.container === A).sort((x, y) => x.key.localeCompare(y.key));
    const edgesOf = (l: typeof live) => l.graph.edges.map((e) => `${e.type} ${e.from} ${e.to}`).sort();
    assert.deepEqual(nodesOf(live), nodesOf(demo));
    assert.deepEqual(edgesOf(live).filter((e) => e.includes(A)), edgesOf(demo));
    const files = (await readdir(join(out(), 'entra', A), { recursive: true, encoding: 'utf8' })).filter((f) => f.endsWith('.json'));
    for (const f of files) {
      const text = await readFile(join(out(), 'entra', A, f), 'utf8');
      for (const bad of [SECRET, '"hint"', '"customKeyIdentifier"', '"secretText"', '"key"']) assert.ok(!text.includes(bad), `${f} holds ${bad}`);
    }
  });
});

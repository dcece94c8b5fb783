// The offline path of the Entra ID connector: Graph v1.0 list responses
// (one page, or an array of pages) read strictly, mapped onto the generic
// facts; a malformed file fails its tenant alone with the file and JSON path;
// a sign-in that cannot be read is skipped and counted; no secret material
// reaches a record; remediations quote every provider value.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadEntraSnapshot } from '../../connectors/entra/index.js';
import { entraRemediations } from '../../connectors/entra/remediation.js';
import { federatedTrustIssues } from '../../connectors/entra/trust.js';
import { entraConfigSchema, type EntraConfig } from '../../connectors/entra/config.js';
import type { RemediationInput } from '../../src/sources/connector.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/entra/', import.meta.url));
const T = '3c1e9d7a-5b2f-4e8a-9c6d-0f1a2b3c4d5e';
const NOW = '2026-11-20T02:00:00.000Z';
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** A snapshot holding the demo tenant, and a second copy of it under `other`. */
async function snapshot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-entra-'));
  roots.push(root);
  await cp(join(DEMO, T), join(root, 'entra', T), { recursive: true });
  await cp(join(DEMO, T), join(root, 'entra', 'other'), { recursive: true });
  return root;
}

const load = (dir: string, config?: EntraConfig, maxBadEventShare?: number) =>
  loadEntraSnapshot({ snapshotDir: dir, now: NOW, config, shared: { maxBadEventShare }, progress: { step() {} } });

async function edit(dir: string, tenant: string, file: string, change: (json: any) => void): Promise<void> {
  const path = join(dir, 'entra', tenant, file);
  const json = JSON.parse(await readFile(path, 'utf8'));
  change(json);
  await writeFile(path, JSON.stringify(json));
}

const props = (load: Awaited<ReturnType<typeof loadEntraSnapshot>>, key: string) => {
  const n = load.graph.nodes.find((x) => x.key === key);
  assert.ok(n, key);
  return n.props;
};

describe('Entra ID snapshot', () => {
  it('maps the demo tenant: users link by mail, UPN or employee id; apps and service principals are NHIs; Microsoft and managed identities are provider-managed', async () => {
    const l = await load(await snapshot());
    assert.deepEqual(l.failed, []);
    assert.deepEqual(l.containers, [T, 'other'].sort());
    const jack = props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000011503`);
    assert.deepEqual(jack.linkValues, ['email:jack.w@northwind.onmicrosoft.com', 'employee:e1503']);
    const ethan = props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001009`);
    assert.deepEqual([ethan.login, ethan.loginScheme, ethan.isNhi, ethan.active], ['a0000000-0000-4000-8000-000000001009', 'entra', false, true]);
    const marcus = props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001002`);
    assert.deepEqual([marcus.privileged, marcus.mfaMissing, marcus.privilegeReasons], [true, true, ['directory role Global Administrator']]);
    const lucia = props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001502`);
    assert.deepEqual([lucia.privileged, lucia.roles, lucia.mfaMissing], [false, ['Directory Readers'], true]);
    const guest = props(l, `entra:${T}:user:b0000000-0000-4000-8000-00000000a001`);
    assert.equal(guest.userType, 'Guest');
    assert.deepEqual(guest.linkValues, ['email:jane@contoso.example'], 'a guest UPN (#EXT#) is no email');

    const ci = props(l, `entra:${T}:service-principal:f0000000-0000-4000-8000-000000000001`);
    assert.deepEqual([ci.isNhi, ci.providerManaged, ci.ownerValues, ci.ownerMethods], [true, false, ['entra:a0000000-0000-4000-8000-000000001009'], ['entra-app-owner']]);
    const hrSync = props(l, `entra:${T}:service-principal:f0000000-0000-4000-8000-000000000004`);
    assert.deepEqual([hrSync.ownerValues, hrSync.ownerMethods], [['julia.meyer@northwind.example'], ['notes']]);
    assert.equal(props(l, `entra:${T}:service-principal:f1000000-0000-4000-8000-000000000001`).providerManaged, true, 'Microsoft Graph');
    assert.equal(props(l, `entra:${T}:service-principal:f1000000-0000-4000-8000-000000000002`).providerManaged, true, 'managed identity');
    assert.equal(props(l, `entra:${T}:certificate:5e000000-0000-4000-8000-0000000000a1`).providerManaged, true);

    // An app registration without a service principal here is its own NHI; its secret authenticates as it.
    const portal = props(l, `entra:${T}:application:d0000000-0000-4000-8000-000000000013`);
    assert.equal(portal.isNhi, true);
    const edge = l.graph.edges.find((e) => e.from === `entra:${T}:client-secret:5e000000-0000-4000-8000-000000000008`);
    assert.equal(edge?.to, `entra:${T}:application:d0000000-0000-4000-8000-000000000013`);

    const cert = props(l, `entra:${T}:certificate:5e000000-0000-4000-8000-000000000003`);
    assert.deepEqual(
      [cert.noExpiry, cert.lifetimeApplies, cert.maxAgeApplies, cert.lastUsedAt, cert.usageReported, cert.heldBy],
      [true, true, false, '2026-06-01T12:00:00.000Z', true, 'application'],
    );
    const expired = props(l, `entra:${T}:client-secret:5e000000-0000-4000-8000-000000000002`);
    assert.equal(expired.active, true, 'ends 2026-11-30: still valid');
    const deploy = props(l, `entra:${T}:service-principal:f0000000-0000-4000-8000-000000000011`);
    assert.equal((deploy.trustIssues as string[]).length, 1);
    assert.deepEqual(props(l, `entra:${T}:service-principal:f0000000-0000-4000-8000-000000000012`).trustIssues, []);
  });

  it('no secret material reaches a record: hint, customKeyIdentifier, key and secretText are dropped', async () => {
    const dir = await snapshot();
    await edit(dir, T, 'applications.json', (j) => {
      j.value[0].passwordCredentials[0].secretText = 'S3cr3t~VALUE-never-stored';
      j.value[2].keyCredentials[0].key = 'MIIC-CERT-BLOB-never-stored';
    });
    const text = JSON.stringify((await load(dir)).graph.nodes.map((n) => n.props));
    for (const secret of ['S3cr3t~VALUE-never-stored', 'MIIC-CERT-BLOB-never-stored', 'Q~x', '3F2A0C9B1D7E4C6A8B0D1E2F3A4B5C6D7E8F9A01']) {
      assert.ok(!text.includes(secret), `${secret} must not be stored`);
    }
    assert.ok(!/"(hint|customKeyIdentifier|secretText|key)":/.test(text));
  });

  it('a malformed file fails its tenant alone, naming the file and the JSON path', async () => {
    const dir = await snapshot();
    await edit(dir, 'other', 'applications.json', (j) => {
      j.value[3].passwordCredentials[0].endDateTime = 'next spring';
    });
    const l = await load(dir);
    assert.deepEqual(l.containers, [T]);
    assert.equal(l.failed.length, 1);
    assert.equal(l.failed[0]!.container, 'other');
    assert.equal(l.failed[0]!.place?.file, 'entra/other/applications.json');
    assert.equal(l.failed[0]!.place?.path, '$.value[3].passwordCredentials[0].endDateTime');
    assert.ok(!l.failed[0]!.error.includes('next spring'), 'the error names the place, not the content');
    assert.ok(!l.graph.nodes.some((n) => n.props.container === 'other'));
  });

  it('a tenant without users.json, or a page without `value`, fails with the file named', async () => {
    const dir = await snapshot();
    await rm(join(dir, 'entra', 'other', 'users.json'));
    await writeFile(join(dir, 'entra', T, 'groups.json'), JSON.stringify({ '@odata.context': 'x', values: [] }));
    const l = await load(dir);
    assert.deepEqual(l.containers, []);
    const byTenant = Object.fromEntries(l.failed.map((f) => [f.container, f.place]));
    assert.deepEqual(byTenant.other, { file: 'entra/other/users.json' });
    assert.deepEqual(byTenant[T], { file: `entra/${T}/groups.json`, path: '$.value' });
  });

  it('a sign-in that cannot be read is skipped and counted; the rest of the log is read', async () => {
    const dir = await snapshot();
    await edit(dir, T, 'sign-ins.json', (j) => {
      j[0].value.push('not an event', { createdDateTime: '2026-11-19T08:00:00Z', status: { errorCode: 'zero' } });
    });
    // 3 of 109 events unreadable: within a share of 0.05.
    const l = await load(dir, undefined, 0.05);
    assert.deepEqual(l.failed, []);
    const w = l.warnings.filter((x) => x.startsWith(`entra/${T}/sign-ins.json`));
    assert.deepEqual(w, [
      `entra/${T}/sign-ins.json at $[0].value[3]: unreadable event skipped (expected a JSON object)`,
      `entra/${T}/sign-ins.json at $[0].value[4].status.errorCode: unreadable event skipped (expected a number)`,
      `entra/${T}/sign-ins.json at $[1].value[3].createdDateTime: unreadable event skipped (not an ISO 8601 timestamp with a real date)`,
    ]);
    assert.ok(l.warnings.includes('entra: 3 of 109 events skipped as unreadable (within maxBadEventShare 0.05)'));
    const signIns = l.graph.nodes.filter((n) => n.props.container === T && n.props.type === 'sign-in');
    assert.equal(signIns.length, 5, 'sofia BR and IT, amara (40 days ago: old, but a sign-in), grace, aisha');
    assert.ok(signIns.every((s) => s.props.signIn === true));
    const grace = signIns.find((s) => s.props.actorEmail === 'grace.huang@northwind.example')!;
    assert.deepEqual([grace.props.deviceId, grace.props.country], ['9b7c0000-0000-4000-8000-00000000d001', 'US']);
  });

  it('past maxBadEventShare (default 0.01) of unreadable sign-ins, the tenant fails with the first one\'s place, like every event log', async () => {
    const dir = await snapshot();
    await edit(dir, T, 'sign-ins.json', (j) => {
      j[0].value.push('not an event');
    });
    const l = await load(dir);
    assert.deepEqual(l.containers, ['other']);
    assert.equal(l.failed.length, 1);
    assert.equal(l.failed[0]!.container, T);
    assert.deepEqual(l.failed[0]!.place, { file: `entra/${T}/sign-ins.json`, path: '$[0].value[3]' });
    assert.match(l.failed[0]!.error, /2 of 108 events are unreadable, more than maxBadEventShare 0\.01/);
    assert.ok(!l.graph.nodes.some((n) => n.props.container === T), 'nothing of the failed tenant is loaded');
  });

  it('the sign-in log as one page reads the same; a log that is not JSON fails the tenant with the file and line', async () => {
    const dir = await snapshot();
    const pages = JSON.parse(await readFile(join(dir, 'entra', T, 'sign-ins.json'), 'utf8'));
    await writeFile(join(dir, 'entra', T, 'sign-ins.json'), JSON.stringify({ value: pages.flatMap((p: { value: unknown[] }) => p.value) }));
    await writeFile(join(dir, 'entra', 'other', 'sign-ins.json'), '[\n{"value": [\n{"createdDateTime": "2026-11-19T08:00:00Z",');
    const l = await load(dir);
    assert.deepEqual(l.containers, [T]);
    assert.equal(l.graph.nodes.filter((n) => n.props.type === 'sign-in').length, 5);
    assert.equal(l.failed[0]!.place?.file, 'entra/other/sign-ins.json');
    assert.equal(typeof l.failed[0]!.place?.line, 'number');
  });

  it('one page or an array of pages; @odata keys are not data', async () => {
    const dir = await snapshot();
    await edit(dir, T, 'users.json', (pages) => {
      pages[0]['@odata.nextLink'] = 'https://graph.microsoft.com/v1.0/users?$skiptoken=abc';
      pages[1].value[0]['@odata.type'] = '#microsoft.graph.user';
    });
    const paged = await load(dir);
    const pages = JSON.parse(await readFile(join(dir, 'entra', T, 'users.json'), 'utf8'));
    await writeFile(join(dir, 'entra', T, 'users.json'), JSON.stringify({ '@odata.context': 'users', value: [...pages[0].value, ...pages[1].value] }));
    const one = await load(dir);
    assert.deepEqual(paged.failed, []);
    assert.deepEqual(one.failed, []);
    const users = (l: typeof one) => l.graph.nodes.filter((n) => n.props.container === T && n.props.type === 'user').length;
    assert.equal(users(paged), 20);
    assert.equal(users(one), users(paged));
  });

  it('privileged roles: Microsoft\'s flag when exported, the built-in list otherwise, and the config', async () => {
    const dir = await snapshot();
    await edit(dir, T, 'role-assignments.json', (j) => {
      j.value[0].roleDefinition.isPrivileged = false; // marcus's Global Administrator, per an export that says so
      j.value[3].roleDefinition.isPrivileged = true; // Directory Readers held by lucia through Auditors
    });
    let l = await load(dir);
    assert.equal(props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001002`).privileged, false);
    const lucia = props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001502`);
    assert.deepEqual([lucia.privileged, lucia.privilegeReasons], [true, ['directory role Directory Readers through group Auditors']]);
    l = await load(dir, { privilegedRoles: ['global administrator'] });
    assert.equal(props(l, `entra:${T}:user:a0000000-0000-4000-8000-000000001002`).privileged, true);
  });
});

describe('Entra ID federated credentials', () => {
  const gh = 'https://token.actions.githubusercontent.com';
  const f = (subject: string | null, expression: string | null = null, issuer = gh) => ({ id: 'x', name: 'n', issuer, subject, expression });
  it('pins one repository or is broad', () => {
    assert.deepEqual(federatedTrustIssues([f('repo:acme/api:ref:refs/heads/main')]), []);
    assert.deepEqual(federatedTrustIssues([f('repo:acme/api:environment:prod', null, 'https://login.example.com')]), [], 'another issuer');
    assert.equal(federatedTrustIssues([f('repository_owner:acme')]).length, 1);
    assert.equal(federatedTrustIssues([f(null, "claims['sub'] matches 'repo:acme/*'")]).length, 1);
    assert.equal(federatedTrustIssues([f(null, "claims['sub'] matches 'repo:acme/api:*' or claims['sub'] matches 'repo:acme/web:*'")]).length, 1);
    assert.deepEqual(federatedTrustIssues([f(null, "claims['sub'] matches 'repo:acme/api:ref:refs/heads/*'")]), []);
  });
});

describe('Entra ID remediations', () => {
  const input = (over: Partial<RemediationInput>): RemediationInput => ({
    ruleId: 'r',
    action: 'x',
    subject: { source: 'entra', container: T, type: 'user', id: "a'; rm -rf / #", name: null },
    props: {},
    evidence: {},
    entitlement: null,
    ...over,
  });
  it('quote every provider value', () => {
    assert.equal(
      entraRemediations['disable-account']!(input({})),
      `az ad user update --id 'a'\\''; rm -rf / #' --account-enabled false && az rest --method POST --url 'https://graph.microsoft.com/v1.0/users/a'\\''%3B%20rm%20-rf%20%2F%20%23/revokeSignInSessions'`,
    );
    const mover = entraRemediations['remove-entitlement']!(
      input({ subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null }, entitlement: 'group/g$(id)', evidence: { entitlementSource: 'entra', viaAccounts: ["o'h@x.example"] } }),
    );
    assert.equal(mover, `az ad group member remove --group 'g$(id)' --member-id "$(az ad user show --id 'o'\\''h@x.example' --query id -o tsv)"`);
    assert.equal(entraRemediations['remove-entitlement']!(input({ evidence: { entitlementSource: 'aws', viaAccounts: ['a'] }, entitlement: 'group/x' })), null);
    assert.equal(
      entraRemediations['deactivate-credential']!(input({ subject: { source: 'entra', container: T, type: 'certificate', id: 'k1', name: null }, props: { heldBy: 'servicePrincipal', holderObjectId: 'sp 1' } })),
      `az ad sp credential delete --id 'sp 1' --key-id k1 --cert`,
    );
    const role = entraRemediations['remove-entitlement']!(
      input({ subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null }, entitlement: "directory-role/r'1", evidence: { entitlementSource: 'entra', viaAccounts: ['u@x.example'] } }),
    );
    assert.equal(
      role,
      `for a in $(az rest --method GET --url 'https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '\\''r'\\'''\\''1'\\''' --query "value[?principalId=='$(az ad user show --id u@x.example --query id -o tsv)'].id" -o tsv); do az rest --method DELETE --url https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments/"$a"; done`,
    );
    // A person's Okta sign-ins are Okta's to end.
    assert.equal(entraRemediations['investigate-activity']!(input({ evidence: { signIns: [{ source: 'okta', actorId: '00u1' }] } })), null);
  });
});

describe('Entra ID config', () => {
  it('a tenant names exactly one way to authenticate', () => {
    const tenant = (extra: Record<string, string>) => entraConfigSchema.safeParse({ tenants: [{ tenantId: 't', clientId: 'c', ...extra }] });
    assert.equal(tenant({ clientSecretEnv: 'ENTRA_SECRET' }).success, true);
    assert.equal(tenant({ federatedTokenFile: '/var/run/token' }).success, true);
    assert.equal(tenant({}).success, false);
    assert.equal(tenant({ clientSecretEnv: 'ENTRA_SECRET', certificatePath: 'c.pem' }).success, false);
    assert.equal(entraConfigSchema.safeParse({ privilegedRoles: ['Exchange Administrator'], tenant: [] }).success, false, 'unknown keys are errors');
  });
});

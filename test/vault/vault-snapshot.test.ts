// The offline path of the Vault connector: the demo cluster's files (Vault
// HTTP API answers, as `data` objects or whole envelopes) read strictly and
// mapped onto the generic facts; a malformed file fails its cluster alone
// with the file and JSON path; metadata keeps only owner, email and role
// keys and never a token- or secret-ID-shaped value; remediations quote
// every provider value.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadVaultSnapshot } from '../../connectors/vault/index.js';
import { vaultRemediations } from '../../connectors/vault/remediation.js';
import { keepMetadata } from '../../connectors/vault/metadata.js';
import type { VaultConfig } from '../../connectors/vault/config.js';
import type { RemediationInput } from '../../src/sources/connector.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/vault/prod/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';
const E = (n: string) => `7e000000-0000-4000-8000-00000000${n}`;
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** A snapshot holding the demo cluster as `prod` and a copy as `other`. */
async function snapshot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-vault-'));
  roots.push(root);
  await cp(DEMO, join(root, 'vault', 'prod'), { recursive: true });
  await cp(DEMO, join(root, 'vault', 'other'), { recursive: true });
  return root;
}

const load = (dir: string, config?: VaultConfig) => loadVaultSnapshot({ snapshotDir: dir, now: NOW, config, shared: {}, progress: { step() {} } });

async function edit(dir: string, cluster: string, file: string, change: (json: any) => void): Promise<void> {
  const path = join(dir, 'vault', cluster, file);
  const json = JSON.parse(await readFile(path, 'utf8'));
  change(json);
  await writeFile(path, JSON.stringify(json));
}

type Load = Awaited<ReturnType<typeof loadVaultSnapshot>>;
const props = (l: Load, key: string) => {
  const n = l.graph.nodes.find((x) => x.key === key);
  assert.ok(n, key);
  return n.props;
};
const holder = (l: Load, from: string) => l.graph.edges.find((e) => e.from === from && e.type === 'AUTHENTICATES_AS')?.to;

describe('Vault snapshot', () => {
  it('maps the demo cluster: entities by kind, tokens to their AppRole or entity, secret IDs with use where Vault reports it, KV secrets by their current version', async () => {
    const l = await load(await snapshot(), { privilegedPolicies: ['admin'] });
    assert.deepEqual(l.failed, []);
    assert.deepEqual(l.containers, ['other', 'prod']);
    const ethan = props(l, `vault:prod:entity:${E('1009')}`);
    assert.deepEqual([ethan.isNhi, ethan.active, ethan.linkValues, ethan.linkMethods], [false, true, ['email:ethan.clarke@northwind.example'], ['vault-alias-name']]);
    assert.deepEqual(props(l, `vault:prod:entity:${E('1003')}`).linkValues, ['email:priya.nair@northwind.example'], 'an alias metadata email, lower case');
    assert.equal(props(l, `vault:prod:entity:${E('1010')}`).active, false, 'disabled');
    const marcus = props(l, `vault:prod:entity:${E('1002')}`);
    assert.deepEqual([marcus.privileged, marcus.privilegeReasons], [true, ['policy admin']], 'read from a `vault read -format=json` envelope');
    const machine = props(l, `vault:prod:entity:${E('9002')}`);
    assert.deepEqual([machine.isNhi, machine.providerManaged, machine.entityKind], [true, true, 'machine']);

    const root = 'vault:prod:token:RootTokenFromInit0000001';
    const rootToken = props(l, root);
    assert.deepEqual(
      [rootToken.standalone, rootToken.noExpiry, rootToken.longLivedReason, rootToken.createdAt, rootToken.privileged, rootToken.usageReported],
      [true, true, 'held with the root policy', '2025-03-01T10:00:00.000Z', true, false],
    );
    assert.equal(holder(l, root), undefined);
    assert.equal(holder(l, 'vault:prod:token:ApproleLogin000000000001'), 'vault:prod:approle:auth/approle/role/ci-deployer', 'an AppRole login authenticates as the role');
    assert.equal(holder(l, 'vault:prod:token:EthanOidcSession00000001'), `vault:prod:entity:${E('1009')}`);
    const breakGlass = props(l, 'vault:prod:token:BreakGlassOps00000000001');
    assert.deepEqual([breakGlass.ownerValues, breakGlass.ownerMethods, breakGlass.metadata], [['grace.huang@northwind.example'], ['vault-metadata:owner'], ['owner=grace.huang@northwind.example']]);
    assert.equal(props(l, 'vault:prod:token:PriyaPeriodic00000000001').longLivedReason, 'periodic with no maximum TTL (renewable forever)');

    const payroll = props(l, 'vault:prod:approle:auth/approle/role/payroll-batch');
    assert.deepEqual([payroll.isNhi, payroll.ownerValues, payroll.catalogId], [true, ['ethan.clarke@northwind.example'], 'vault:prod/auth/approle/role/payroll-batch']);
    const ttl0 = props(l, 'vault:prod:secret-id:5d000000-0000-4000-8000-000000000002');
    assert.deepEqual([ttl0.noExpiry, ttl0.expiresAt, ttl0.active], [true, null, true], "Go's zero time is no expiry");
    const used = props(l, 'vault:prod:secret-id:5d000000-0000-4000-8000-000000000001');
    assert.deepEqual([used.usageReported, used.lastUsedAt], [true, '2026-11-19T23:00:00.123Z']);
    const unused = props(l, 'vault:prod:secret-id:5d000000-0000-4000-8000-000000000003');
    assert.deepEqual([unused.usageReported, unused.lastUsedAt], [true, null]);
    assert.equal(props(l, 'vault:prod:secret-id:5d000000-0000-4000-8000-000000000005').usageReported, false, 'unlimited: no use reported');

    const ftp = props(l, 'vault:prod:kv-secret:secret/legacy/ftp-password');
    assert.deepEqual([ftp.rotatedAt, ftp.updatedAt, ftp.standalone, ftp.metadata], ['2025-12-01T10:00:00.500Z', '2026-11-10T10:00:00.500Z', true, []]);
    assert.equal(props(l, 'vault:prod:kv-secret:secret/old/partner-sftp').active, false, 'current version deleted');
  });

  it('a malformed file fails its cluster alone, naming the file and the JSON path, never the value', async () => {
    const dir = await snapshot();
    await edit(dir, 'other', 'token-accessors.json', (j) => {
      j[3].expire_time = 'next spring';
    });
    const l = await load(dir);
    assert.deepEqual(l.containers, ['prod']);
    assert.equal(l.failed.length, 1);
    assert.equal(l.failed[0]!.place?.file, 'vault/other/token-accessors.json');
    assert.equal(l.failed[0]!.place?.path, '$[3].expire_time');
    assert.ok(!l.failed[0]!.error.includes('next spring'));
    assert.ok(!l.graph.nodes.some((n) => n.props.container === 'other'));
  });

  it('entities.json is required; a missing token file is a warning; a secret ID file for an unknown role is skipped', async () => {
    const dir = await snapshot();
    await unlink(join(dir, 'vault', 'other', 'entities.json'));
    await unlink(join(dir, 'vault', 'prod', 'token-accessors.json'));
    await writeFile(join(dir, 'vault', 'prod', 'secret-id-accessors', 'gone-role.json'), '[]');
    const l = await load(dir);
    assert.deepEqual(l.containers, ['prod']);
    assert.match(l.failed[0]!.error, /entities\.json/);
    assert.ok(l.warnings.some((w) => w.includes('token-accessors.json absent')));
    assert.ok(l.warnings.some((w) => w.includes('gone-role.json')));
    assert.ok(!l.graph.nodes.some((n) => n.props.type === 'token'));
  });

  it('the same id twice with different content fails the cluster', async () => {
    const dir = await snapshot();
    await edit(dir, 'other', 'kv-metadata/secret.json', (j) => {
      j.push({ ...j[0], current_version: 1 });
    });
    const l = await load(dir);
    assert.deepEqual(l.containers, ['prod']);
    assert.equal(l.failed[0]!.place?.file, 'vault/other/kv-metadata/secret.json');
  });

  it('metadata keeps owner, email and role keys only, and drops token- and secret-ID-shaped values', () => {
    const kept = keepMetadata({
      owner: 'Ana@Example.com',
      email: 'ana@example.com',
      role_name: 'ci',
      password: 'hunter2',
      team: 'hvs.CAESIJ1xYz0123456789abcdefghijklmnopqrstuv',
      contact: '3f1e2d4c-5b6a-4789-9abc-def012345678',
      created_by: 'vault:7e000000-0000-4000-8000-000000001009',
      mail: 's.AbCdEfGhIjKlMnOpQrStUvWx',
    });
    assert.deepEqual(kept.owners, [
      { value: 'Ana@Example.com', key: 'owner' },
      { value: 'vault:7e000000-0000-4000-8000-000000001009', key: 'created_by' },
    ]);
    assert.deepEqual([kept.emails, kept.roleName], [['ana@example.com'], 'ci']);
    assert.ok(!JSON.stringify(kept).match(/hunter2|hvs\.|3f1e2d4c|s\.AbCd/));
  });

  it('remediations are vault commands with every provider value quoted, and name the cluster', () => {
    const input = (type: string, id: string, props: Record<string, unknown> = {}, evidence: Record<string, unknown> = {}, action = 'deactivate-credential'): RemediationInput => ({
      ruleId: 'x',
      action,
      subject: { source: 'vault', container: "prod'; rm -rf ~", type, id, name: null },
      props,
      evidence,
      entitlement: null,
    });
    const r = vaultRemediations;
    assert.equal(r['deactivate-credential']!(input('token', 'Abc123')), `vault token revoke -accessor Abc123  # on Vault cluster 'prod'\\''; rm -rf ~'`);
    assert.equal(
      r['deactivate-credential']!(input('secret-id', '5d00', { mount: 'approle', role: 'ci; reboot' })),
      `vault write 'auth/approle/role/ci; reboot/secret-id-accessor/destroy' secret_id_accessor=5d00  # on Vault cluster 'prod'\\''; rm -rf ~'`,
    );
    const kv = r['assign-owner']!(input('kv-secret', 'secret/a b', { mount: 'secret', path: "a b\n$(id)" }, {}, 'assign-owner'))!;
    assert.ok(kv.startsWith(`vault kv metadata patch -mount=secret -custom-metadata=owner=OWNER_EMAIL $'a b\\n$(id)'`), kv);
    const leaver = r['disable-account']!(input('entity', E('1009'), {}, { activeCredentials: ['Tok1', "x'y"] }, 'disable-account'))!;
    assert.ok(leaver.startsWith(`vault write identity/entity/id/${E('1009')} disabled=true && vault token revoke -accessor Tok1 && vault token revoke -accessor 'x'\\''y'`), leaver);
    assert.equal(r['disable-account']!(input('token', 'x', {}, {}, 'disable-account')), null);
    const rotate = r['rotate-credential']!(input('secret-id', '5d00', { mount: 'approle', role: 'ci' }, {}, 'rotate-credential'))!;
    assert.ok(rotate.startsWith('vault write -f -wrap-ttl=10m auth/approle/role/ci/secret-id ttl=720h && vault write'), 'a new secret ID is wrapped, never printed');
  });
});

// The live path of the Vault connector against a local server speaking
// Vault's HTTP API: every file collected by accessor and metadata path only,
// 429 and 503 retried, a refused path failing its own cluster; the quality
// bar (a token or a secret ID planted in every field Vault can echo never
// reaches the snapshot, the store, a log line, an error, a finding or the
// report); and the revocation actions, each re-checking live state.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collectVault } from '../../connectors/vault/collect.js';
import { loadVaultSnapshot } from '../../connectors/vault/index.js';
import { vaultRevocations } from '../../connectors/vault/actions.js';
import type { VaultConfig } from '../../connectors/vault/config.js';
import { registry } from '../../connectors/index.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { buildReport } from '../../reports/build-report.js';
import { reportMarkdown } from '../../reports/formats/markdown.js';
import type { RemediationInput } from '../../src/sources/connector.js';
import { startVaultServer, type VaultEstate, type VaultServer } from '../servers/vault-server.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';
const TOKEN = 'hvs.driftgraph-test-reader-token-000000000000';
const roots: string[] = [];
const servers: VaultServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'driftgraph-vault-live-'));
  roots.push(d);
  return d;
}

const readDemo = async (file: string) => JSON.parse(await readFile(join(DEMO, 'vault', 'prod', file), 'utf8')) as Record<string, any>[];
const unwrap = (x: Record<string, any>) => (x.data && typeof x.data === 'object' ? x.data : x);

/** The demo cluster as the server's state, with a value behind every KV secret. */
async function demoEstate(): Promise<VaultEstate> {
  const approles: VaultEstate['approles'] = {};
  for (const r of await readDemo('approle-roles.json')) {
    const { name, mount, ...data } = r;
    (approles[mount ?? 'approle'] ??= {})[name] = data;
  }
  const secretIds: VaultEstate['secretIds'] = {};
  for (const f of await readdir(join(DEMO, 'vault', 'prod', 'secret-id-accessors'))) secretIds[`approle/${f.replace(/\.json$/, '')}`] = await readDemo(`secret-id-accessors/${f}`);
  const kv: VaultEstate['kv'] = { secret: {} };
  for (const s of await readDemo('kv-metadata/secret.json')) {
    const { path, ...metadata } = s;
    kv.secret![path] = { metadata, data: { password: 'kv-VALUE-never-read' } };
  }
  return { entities: (await readDemo('entities.json')).map(unwrap), tokens: (await readDemo('token-accessors.json')).map(unwrap), approles, secretIds, kv };
}

async function server(opts: Partial<Parameters<typeof startVaultServer>[0]> = {}): Promise<VaultServer> {
  const s = await startVaultServer({ token: TOKEN, estate: await demoEstate(), ...opts });
  servers.push(s);
  return s;
}

const progressLines: string[] = [];
const ctx = (config: VaultConfig) => ({ now: NOW, config, shared: {}, progress: { step: (s: string) => progressLines.push(s) }, stateDir: '' });
const fast = { requestsPerSecond: 1000, concurrency: 4 };

async function allText(dir: string): Promise<string> {
  let out = '';
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += await readFile(join(e.parentPath ?? (e as any).path, e.name), 'utf8');
  }
  return out;
}

describe('Vault live collection', () => {
  it('collects a cluster by accessor and metadata path only, retrying 429 and 503; a refused path fails its own cluster', async () => {
    const good = await server({ throttle: 3, unavailable: 2 });
    const refused = await server({ allow: ['sys', 'identity', 'auth/approle', 'secret/metadata'] });
    const out = await tempDir();
    const r = await collectVault(
      out,
      ctx({ ...fast, clusters: [{ name: 'prod', address: good.url, tokenEnv: 'VT' }, { name: 'refused', address: refused.url, tokenEnv: 'VT' }] }),
      { VT: TOKEN },
    );
    assert.deepEqual(r.containers, ['prod']);
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.container, 'refused');
    assert.match(r.failed[0]!.error, /LIST \/v1\/auth\/token\/accessors status 403: permission denied/);
    assert.deepEqual(await readdir(join(out, 'vault')), ['prod'], 'nothing of a failed cluster is written');
    assert.ok(good.log.includes('429') && good.log.includes('503'));
    assert.ok(r.requests! > good.log.filter((l) => !/^\d/.test(l)).length - 10);
    for (const s of [good, refused]) {
      assert.ok(!s.log.some((l) => /^\w+ secret\/data\/|role-id|^POST .*secret-id$/.test(l)), 'never a KV value, a role ID, or a new secret ID');
    }
    assert.ok(!good.bodies.some((b) => b.includes('secret_id"') && !b.includes('secret_id_accessor')), 'lookups go by accessor');

    // What was collected loads as the demo cluster does.
    const live = await loadVaultSnapshot({ snapshotDir: out, now: NOW, config: undefined, shared: {}, progress: { step() {} } });
    const demo = await loadVaultSnapshot({ snapshotDir: DEMO, now: NOW, config: undefined, shared: {}, progress: { step() {} } });
    assert.deepEqual(live.failed, []);
    const byKey = (l: typeof live) => Object.fromEntries(l.graph.nodes.map((n) => [n.key, n.props]));
    assert.deepEqual(byKey(live), byKey(demo));
    assert.deepEqual(live.graph.edges.length, demo.graph.edges.length);
  });

  it('a missing token variable, or a token Vault refuses, fails that cluster with no token in the message', async () => {
    const s = await server();
    const out = await tempDir();
    const r = await collectVault(
      out,
      ctx({ ...fast, clusters: [{ name: 'a', address: s.url, tokenEnv: 'UNSET_VAR' }, { name: 'b', address: s.url, tokenEnv: 'VT' }] }),
      { VT: 'hvs.a-wrong-token-that-vault-refuses-0000000' },
    );
    assert.deepEqual(r.containers, []);
    assert.match(r.failed[0]!.error, /UNSET_VAR/);
    assert.match(r.failed[1]!.error, /permission denied/);
    assert.ok(!r.failed[1]!.error.includes('a-wrong-token'));

    // A Vault Enterprise namespace goes in X-Vault-Namespace on every call.
    const ns = await server({ namespace: 'team-a' });
    const r2 = await collectVault(
      await tempDir(),
      ctx({ ...fast, clusters: [{ name: 'ns', address: ns.url, tokenEnv: 'VT', namespace: 'team-a' }, { name: 'no-ns', address: ns.url, tokenEnv: 'VT' }] }),
      { VT: TOKEN },
    );
    assert.deepEqual(r2.containers, ['ns']);
    assert.deepEqual(r2.failed.map((f) => f.container), ['no-ns']);
  });

  for (const [what, planted] of [
    ['a Vault token', 'hvs.CAESIPLANTEDplantedPLANTED0123456789abcdefGh4KHGh2cy5'],
    ['a secret ID', 'a3c1f0e2-9b8d-4c7a-8e6f-5d4c3b2a1f09'],
  ] as const) {
    it(`quality bar: ${what} planted in every field Vault can echo never reaches the snapshot, the store, a log, an error, a finding or the report`, async () => {
      progressLines.length = 0;
      const s = await server({ echo: planted });
      // The server does echo it: a lookup answer carries it in `id`, `auth`, `wrap_info`, `warnings` and `meta`.
      const raw = await fetch(`${s.url}/v1/auth/token/lookup-accessor`, { method: 'POST', headers: { 'X-Vault-Token': TOKEN }, body: JSON.stringify({ accessor: 'RootTokenFromInit0000001' }) });
      assert.equal((await raw.text()).split(planted).length - 1, 7);
      s.log.length = 0;
      const refused = await server({ echo: planted, allow: ['sys', 'identity'] });
      const snap = await tempDir();
      await cp(join(DEMO, 'hr'), join(snap, 'hr'), { recursive: true });
      await cp(join(DEMO, 'catalog'), join(snap, 'catalog'), { recursive: true });
      await cp(join(DEMO, 'manifest.json'), join(snap, 'manifest.json'));
      const r = await collectVault(
        snap,
        ctx({ ...fast, clusters: [{ name: 'prod', address: s.url, tokenEnv: 'VT' }, { name: 'refused', address: refused.url, tokenEnv: 'VT' }] }),
        { VT: TOKEN },
      );
      assert.deepEqual(r.containers, ['prod']);
      assert.equal(r.failed.length, 1, 'the refused cluster fails, its error quoting Vault');
      assert.ok(!JSON.stringify(r).includes(planted), 'not in an error');
      assert.ok(!(await allText(join(snap, 'vault'))).includes(planted), 'not in the snapshot');
      assert.ok(!(await allText(join(snap, 'vault'))).includes('kv-VALUE-never-read'));

      const store = await openEmbeddedStore(join(await tempDir(), 'graph.db'));
      try {
        await ensureSchema(store);
        const scan = await runScan(store, { registry, snapshotDir: snap, config: {}, exceptions: [], progress: { step: (x: string) => progressLines.push(x) } });
        assert.equal(scan.outcomes.find((o) => o.source === 'vault')?.status, 'loaded');
        const nodes = await store.read('MATCH (n) RETURN properties(n) AS p');
        assert.ok(nodes.length > 30);
        assert.ok(!JSON.stringify(nodes).includes(planted), 'not in the store');
        const findings = await readFindings(store);
        assert.ok(findings.some((f) => f.subject.source === 'vault' && f.ruleId === 'leaver-active-access'), 'the scan judged the cluster');
        assert.ok(!JSON.stringify(findings).includes(planted), 'not in a finding');
        const report = await buildReport(store);
        assert.ok(!JSON.stringify(report).includes(planted) && !reportMarkdown(report).includes(planted), 'not in the report');
        assert.ok(!JSON.stringify(scan).includes(planted), 'not in the scan summary');
      } finally {
        await store.close();
      }
      assert.ok(!progressLines.join('\n').includes(planted), 'not in a log line');
    });
  }
});

describe('Vault revocation actions', () => {
  const input = (type: string, id: string, action: string, props: Record<string, unknown> = {}, evidence: Record<string, unknown> = {}): RemediationInput => ({
    ruleId: 'x',
    action,
    subject: { source: 'vault', container: 'prod', type, id, name: null },
    props,
    evidence,
    entitlement: null,
  });
  const byKind = (k: string) => vaultRevocations.find((a) => a.kind === k)!;

  it('disables a leaver entity and revokes its tokens by accessor, destroys a secret ID, each after a live re-check; gone is recorded as gone', async () => {
    const s = await server();
    const actx = { config: { clusters: [{ name: 'prod', address: s.url, tokenEnv: 'VT', actionTokenEnv: 'VA' }] }, env: { VA: TOKEN } };
    const entity = '7e000000-0000-4000-8000-000000001009';
    const leaver = input('entity', entity, 'disable-account', {}, { activeCredentials: ['EthanOidcSession00000001'] });
    const [disable] = byKind('vault.disable-entity').plan(leaver);
    const [revoke] = byKind('vault.revoke-token').plan(leaver);
    assert.deepEqual(disable!.params, { cluster: 'prod', entityId: entity });
    assert.deepEqual(revoke!.params, { cluster: 'prod', accessor: 'EthanOidcSession00000001' });
    assert.ok(!JSON.stringify([disable, revoke]).includes('hvs.'), 'a plan names accessors only');

    assert.equal((await byKind('vault.disable-entity').check(disable!.params, actx)).stillThere, true);
    await byKind('vault.disable-entity').execute(disable!.params, actx);
    assert.equal(s.estate.entities.find((e) => e.id === entity)!.disabled, true);
    assert.equal((await byKind('vault.disable-entity').check(disable!.params, actx)).stillThere, false);
    await byKind('vault.disable-entity').undo!(disable!.params, actx);
    assert.equal(s.estate.entities.find((e) => e.id === entity)!.disabled, false);

    assert.equal((await byKind('vault.revoke-token').check(revoke!.params, actx)).stillThere, true);
    await byKind('vault.revoke-token').execute(revoke!.params, actx);
    assert.ok(!s.estate.tokens.some((t) => t.accessor === 'EthanOidcSession00000001'));
    assert.equal((await byKind('vault.revoke-token').check(revoke!.params, actx)).stillThere, false, 'Vault answers 400 for a revoked accessor');
    await assert.rejects(byKind('vault.revoke-token').execute(revoke!.params, actx), (e: any) => e.gone === true);

    const secret = input('secret-id', '5d000000-0000-4000-8000-000000000003', 'deactivate-credential', { mount: 'approle', role: 'legacy-reporting' });
    const [destroy] = byKind('vault.destroy-secret-id').plan(secret);
    assert.equal((await byKind('vault.destroy-secret-id').check(destroy!.params, actx)).stillThere, true);
    await byKind('vault.destroy-secret-id').execute(destroy!.params, actx);
    assert.equal((await byKind('vault.destroy-secret-id').check(destroy!.params, actx)).stillThere, false);
    assert.ok(s.log.includes('POST auth/approle/role/legacy-reporting/secret-id-accessor/destroy'));

    // No action token configured: the call is refused with a message naming the key, never sent.
    await assert.rejects(byKind('vault.revoke-token').execute(revoke!.params, { config: { clusters: [{ name: 'prod', address: s.url, tokenEnv: 'VT' }] }, env: {} }), /actionTokenEnv/);
    assert.deepEqual(byKind('vault.revoke-token').plan(input('token', 'x', 'rotate-credential')), [], 'rotation is not a revocation');
  });
});

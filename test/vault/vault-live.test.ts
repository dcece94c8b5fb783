// The live path of the Vault connector against a local server speaking
// Vault's HTTP API: every file collected by accessor and metadata path only,
// 429 and 503 retried, a refused path failing its own cluster, the command
// line's collect; and the revocation actions, each re-checking live state.
// (The quality bar's planted secrets: vault-secrets.test.ts.)
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectVault } from '../../connectors/vault/collect.js';
import { loadVaultSnapshot } from '../../connectors/vault/index.js';
import { vaultRevocations } from '../../connectors/vault/actions.js';
import type { RemediationInput } from '../../src/sources/connector.js';
import { cliAsync, writeTree } from '../helpers/cli.js';
import { ctx, DEMO, fast, NOW, server, tempDir, TOKEN } from './live-helpers.js';

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

    // A refused lookup stops the cluster's other lookups: none is sent after it.
    const noLookup = await server({ allow: ['sys', 'identity', 'auth/token/accessors'] });
    const r3 = await collectVault(await tempDir(), ctx({ ...fast, clusters: [{ name: 'c', address: noLookup.url, tokenEnv: 'VT' }] }), { VT: TOKEN });
    assert.match(r3.failed[0]!.error, /POST \/v1\/auth\/token\/lookup-accessor status 403/);
    assert.ok(noLookup.log.filter((l) => l === 'POST auth/token/lookup-accessor').length <= fast.concurrency);

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

  it('end to end: `driftgraph collect --sources vault` writes the cluster that loaded and exits 1 naming the one that failed', async () => {
    const good = await server();
    const refused = await server({ allow: ['sys'] });
    const root = await tempDir();
    writeTree(root, {
      'driftgraph.yaml': `vault:\n  clusters:\n    - {name: prod, address: "${good.url}", tokenEnv: VT}\n    - {name: refused, address: "${refused.url}", tokenEnv: VT}\n`,
    });
    const r = await cliAsync(['--config', join(root, 'driftgraph.yaml'), 'collect', '--out', join(root, 'snap'), '--sources', 'vault'], { cwd: root, env: { VT: TOKEN } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout + r.stderr, /refused/);
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
    assert.deepEqual(await readdir(join(root, 'snap', 'vault')), ['prod']);
  });

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

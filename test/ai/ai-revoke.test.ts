// The AI provider revocation actions against the local admin API server:
// each plans only for its own findings, reads the live state before acting,
// sends exactly the planned call to the configured organization (never a URL
// from the snapshot), takes a 404 as already gone, undoes what can be undone,
// and names a refused call without the key or the provider's error text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aiConnector } from '../../connectors/ai/index.js';
import type { AiConfig } from '../../connectors/ai/config.js';
import { ActionCallError, type RemediationInput } from '../../src/sources/connector.js';
import { startAiServer } from '../servers/ai-server.js';
import { anthropicOrg, openAiOrg } from './ai-estate.js';

const OPENAI_KEY = 'sk-admin-REVOKEtestADMINkey00000000000000';
const ANTHROPIC_KEY = 'sk-ant-admin01-REVOKEtestADMINkey000000000';
const action = (kind: string) => aiConnector.revocations!.find((a) => a.kind === kind)!;
const input = (container: string, type: string, id: string, act: string, props: Record<string, unknown> = {}): RemediationInput => ({
  ruleId: 'r', action: act, subject: { source: 'ai', container, type, id, name: id }, props: { baseUrl: 'https://evil.example', ...props }, evidence: {}, entitlement: null,
});

test('remove a leaver, delete an OpenAI key, set an Anthropic key inactive and back: live state first, exactly the planned calls', async () => {
  const server = await startAiServer({ openai: { [OPENAI_KEY]: openAiOrg() }, anthropic: { [ANTHROPIC_KEY]: anthropicOrg() } });
  try {
    const config: AiConfig = {
      openai: [{ org: 'acme', adminKeyEnv: 'K_O', baseUrl: server.url }],
      anthropic: [{ org: 'acme', adminKeyEnv: 'K_A', baseUrl: server.url }],
    };
    const ctx = { config, env: { K_O: OPENAI_KEY, K_A: ANTHROPIC_KEY } };

    // Planning: only its own subjects and actions; identifiers only, never the snapshot's URL.
    const remove = action('ai.remove-member');
    assert.deepEqual(remove.plan(input('openai/acme', 'openai-user', 'user-leo', 'link-or-remove-account')), []);
    const [plan] = remove.plan(input('openai/acme', 'openai-user', 'user-leo', 'disable-account'));
    assert.deepEqual(plan!.calls, [{ api: 'OpenAI DELETE /v1/organization/users/{user_id}', target: { organization: 'openai/acme', userId: 'user-leo' } }]);
    assert.ok(!JSON.stringify(plan).includes('evil.example'));

    assert.equal((await remove.check(plan!.params, ctx)).stillThere, true);
    await remove.execute(plan!.params, ctx);
    assert.deepEqual((await remove.check(plan!.params, ctx)).stillThere, false);
    const again = await remove.execute(plan!.params, ctx).catch((e: unknown) => e);
    assert.ok(again instanceof ActionCallError && again.gone, 'a second removal is already done');

    const [anthropicUser] = remove.plan(input('anthropic/acme', 'anthropic-user', 'user_leo', 'disable-account'));
    await remove.execute(anthropicUser!.params, ctx);

    const del = action('ai.delete-openai-key');
    assert.deepEqual(del.plan(input('openai/acme', 'openai-api-key', 'key_leo_stale', 'deactivate-credential')), [], 'a project key without its project is not planned');
    const [key] = del.plan(input('openai/acme', 'openai-api-key', 'key_leo_stale', 'deactivate-credential', { projectId: 'proj_a' }));
    const [admin] = del.plan(input('openai/acme', 'openai-admin-key', 'key_admin_1', 'deactivate-credential'));
    for (const p of [key!, admin!]) {
      assert.equal((await del.check(p.params, ctx)).stillThere, true);
      await del.execute(p.params, ctx);
    }

    const off = action('ai.deactivate-anthropic-key');
    assert.deepEqual(off.plan(input('anthropic/acme', 'anthropic-api-key', 'apikey_leo', 'assign-owner')), []);
    const [k] = off.plan(input('anthropic/acme', 'anthropic-api-key', 'apikey_leo', 'decommission-identity'));
    assert.equal((await off.check(k!.params, ctx)).stillThere, true);
    await off.execute(k!.params, ctx);
    assert.deepEqual(await off.check(k!.params, ctx), { stillThere: false, state: { exists: true, status: 'inactive' }, detail: 'the key is already inactive' });
    assert.deepEqual(await off.undo!(k!.params, ctx), [{ api: 'Anthropic POST /v1/organizations/api_keys/{api_key_id}', target: { organization: 'anthropic/acme', keyId: 'apikey_leo', status: 'active' } }]);

    assert.deepEqual(server.writes, [
      'DELETE /v1/organization/users/user-leo',
      'DELETE /v1/organizations/users/user_leo',
      'DELETE /v1/organization/projects/proj_a/api_keys/key_leo_stale',
      'DELETE /v1/organization/admin_api_keys/key_admin_1',
      'POST /v1/organizations/api_keys/apikey_leo {"status":"inactive"}',
      'POST /v1/organizations/api_keys/apikey_leo {"status":"active"}',
    ]);

    // A refused key: the call and status, never the key (which OpenAI's 401 body quotes).
    const refused = await remove.check(plan!.params, { config, env: { K_O: 'sk-admin-WRONGkeyWRONGkey0000000000' } }).catch((e: unknown) => e);
    assert.ok(refused instanceof ActionCallError);
    assert.equal(refused.status, 401);
    assert.ok(!`${refused.message} ${refused.call}`.includes('WRONGkey'));
    // An organization the config does not name is never acted on.
    const unknown = await remove.check({ org: 'openai/other', userId: 'user-ana' }, ctx).catch((e: unknown) => e);
    assert.match(String((unknown as Error).message), /no organization other is configured/);
  } finally {
    await server.close();
  }
});

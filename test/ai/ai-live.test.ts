// Live collection from the OpenAI and Anthropic admin APIs, against a local
// server speaking their list endpoints: every page through the cursors,
// 429s and 500s waited out, the right headers, a refused key failing its own
// organization, and what is written loading back as the snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aiConnector } from '../../connectors/ai/index.js';
import { collectAi } from '../../connectors/ai/collect.js';
import type { AiConfig } from '../../connectors/ai/config.js';
import { startAiServer } from '../servers/ai-server.js';
import { loadContext } from '../helpers/load.js';
import { anthropicOrg, openAiOrg } from './ai-estate.js';

const NOW = '2026-11-20T02:00:00.000Z';
const OPENAI_KEY = 'sk-admin-LIVEtestADMINkey000000000000';
const REFUSED_KEY = 'sk-admin-REFUSEDadminKEY00000000000000';
const ANTHROPIC_KEY = 'sk-ant-admin01-LIVEtestADMINkey0000000000';

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

test('collects every page of both providers, waits out 429 and 500, and a refused key fails its organization alone', async () => {
  const server = await startAiServer({
    openai: { [OPENAI_KEY]: openAiOrg() },
    anthropic: { [ANTHROPIC_KEY]: anthropicOrg() },
    maxPage: 2,
    throttleOnce: ['/v1/organization/users', '/v1/organizations/api_keys'],
    failOnce: ['/v1/organization/projects/proj_a/api_keys'],
  });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-ai-live-'));
  try {
    const config: AiConfig = {
      openai: [
        { org: 'acme', adminKeyEnv: 'AI_TEST_OPENAI', baseUrl: server.url },
        { org: 'refused', adminKeyEnv: 'AI_TEST_OPENAI_REFUSED', baseUrl: server.url },
      ],
      anthropic: [{ org: 'acme', adminKeyEnv: 'AI_TEST_ANTHROPIC', baseUrl: server.url }],
      pageSize: 2,
    };
    const steps: string[] = [];
    const env = { AI_TEST_OPENAI: OPENAI_KEY, AI_TEST_OPENAI_REFUSED: REFUSED_KEY, AI_TEST_ANTHROPIC: ANTHROPIC_KEY };
    const r = await collectAi(out, { now: NOW, config, shared: {}, progress: { step: (m) => steps.push(m) }, stateDir: out }, env);

    assert.deepEqual(r.containers, ['openai/acme', 'anthropic/acme']);
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.container, 'openai/refused');
    assert.match(r.failed[0]!.error, /API OpenAI GET \/v1\/organization\/\w+ \(page 1\) status 401/);
    // Paged with the providers' own cursors, and throttled calls asked again.
    assert.ok(server.log.some((l) => l.startsWith('200 /v1/organization/users?limit=2&after=')), server.log.join('\n'));
    assert.ok(server.log.some((l) => l.startsWith('200 /v1/organizations/api_keys?limit=2&after_id=')));
    assert.ok(server.log.some((l) => l.startsWith('200 /v1/organizations/workspaces/wrkspc_a/members?limit=2&after_id=user_leo')));
    assert.ok(server.log.includes('429 /v1/organization/users?limit=2'));
    assert.ok(server.log.includes('500 /v1/organization/projects/proj_a/api_keys?limit=2'));
    assert.equal(r.requests, server.log.length);

    // What was written loads back as a complete snapshot.
    const load = await aiConnector.loadSnapshot(loadContext(out, NOW));
    assert.deepEqual(load.failed, []);
    assert.deepEqual(load.containers, ['anthropic/acme', 'openai/acme']);
    const ids = (type: string) => load.graph.nodes.filter((n) => n.props.type === type).map((n) => n.props.nativeId).sort();
    assert.deepEqual(ids('openai-api-key'), ['key_gone', 'key_leo', 'key_leo_stale', 'key_old', 'key_sa', 'key_sa_b']);
    assert.deepEqual(ids('openai-user'), ['user-ana', 'user-leo', 'user-tmp']);
    assert.deepEqual(ids('anthropic-api-key'), ['apikey_ana', 'apikey_default', 'apikey_gone', 'apikey_leo', 'apikey_off']);
    assert.equal(load.graph.edges.filter((e) => e.type === 'HOLDS').length, 3);

    // No key, no part of one, and no field that carries one is written, logged or put in an error.
    const written = await Promise.all((await filesUnder(join(out, 'ai'))).map((f) => readFile(f, 'utf8')));
    const everything = [...written, ...steps, JSON.stringify(r)].join('\n');
    for (const s of [OPENAI_KEY, REFUSED_KEY, ANTHROPIC_KEY, 'redacted_value', 'partial_key_hint', 'EXAMPLEonlyNOTaKEY']) {
      assert.ok(!everything.includes(s), `${s} was written or logged`);
    }
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('a page that says there is more but gives no cursor, a missing key variable and a wrong base URL each fail their organization, naming why', async () => {
  const server = await startAiServer({ anthropic: { [ANTHROPIC_KEY]: anthropicOrg() }, openai: { [OPENAI_KEY]: openAiOrg() }, brokenCursor: ['/v1/organizations/users'] });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-ai-live-'));
  try {
    const config: AiConfig = {
      openai: [
        { org: 'nokey', adminKeyEnv: 'AI_TEST_UNSET_VARIABLE', baseUrl: server.url },
        { org: 'wrongurl', adminKeyEnv: 'AI_TEST_OPENAI', baseUrl: `${server.url}/nothing-here` },
      ],
      anthropic: [{ org: 'acme', adminKeyEnv: 'AI_TEST_ANTHROPIC', baseUrl: server.url }],
      maxRetries: 0,
    };
    const r = await collectAi(out, { now: NOW, config, shared: {}, progress: { step() {} }, stateDir: out }, { AI_TEST_ANTHROPIC: ANTHROPIC_KEY, AI_TEST_OPENAI: OPENAI_KEY });
    assert.deepEqual(r.containers, []);
    const why = Object.fromEntries(r.failed.map((f) => [f.container, f.error]));
    assert.match(why['openai/nokey']!, /AI_TEST_UNSET_VARIABLE .* is not set/);
    assert.match(why['openai/wrongurl']!, /status 404: not found \(is the base URL right\?\)/);
    assert.match(why['anthropic/acme']!, /Anthropic GET \/v1\/organizations\/users \(page 1\).*has_more is true but last_id gives no new cursor/);
    // Nothing half-written is left for a scan to read.
    assert.deepEqual(await readdir(join(out, 'ai', 'anthropic')), []);
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
});

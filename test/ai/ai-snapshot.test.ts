// Reading `ai/openai/<org>/` and `ai/anthropic/<org>/`: the three forms a
// list file takes, the model (whose credential a key is, what stands alone,
// what is active), errors that name the file and JSON path, nothing of a key
// kept, and remediations that stay one literal argument per value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { aiConnector } from '../../connectors/ai/index.js';
import type { GraphNode } from '../../src/graph/records.js';
import { failureOf, loadContext } from '../helpers/load.js';
import { anthropicOrg, openAiOrg } from './ai-estate.js';

const NOW = '2026-11-20T02:00:00.000Z';

/** Writes the orgs as a live collection would (arrays of items), or in `form`. */
function snapshot(form: 'items' | 'page' | 'pages' = 'items'): string {
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-ai-snap-'));
  const write = (rel: string, items: unknown[]) => {
    const file = join(root, 'ai', rel);
    mkdirSync(dirname(file), { recursive: true });
    const body =
      form === 'items' ? items : form === 'page' ? { object: 'list', data: items, has_more: false } : [{ data: items.slice(0, 1), has_more: true }, { data: items.slice(1), has_more: false }];
    writeFileSync(file, JSON.stringify(body));
  };
  const o = openAiOrg();
  write('openai/acme/users.json', o.users);
  write('openai/acme/admin-api-keys.json', o.adminKeys);
  write('openai/acme/projects.json', o.projects);
  for (const [p, keys] of Object.entries(o.projectKeys)) write(`openai/acme/project-api-keys/${p}.json`, keys);
  for (const [p, sas] of Object.entries(o.serviceAccounts)) write(`openai/acme/project-service-accounts/${p}.json`, sas);
  const a = anthropicOrg();
  write('anthropic/acme/users.json', a.users);
  write('anthropic/acme/api-keys.json', a.apiKeys);
  write('anthropic/acme/workspaces.json', a.workspaces);
  for (const [w, m] of Object.entries(a.members)) write(`anthropic/acme/workspace-members/${w}.json`, m);
  return root;
}

const load = (dir: string) => aiConnector.loadSnapshot(loadContext(dir, NOW));
const node = (nodes: GraphNode[], type: string, id: string) => {
  const n = nodes.find((x) => x.props.type === type && x.props.nativeId === id);
  assert.ok(n, `${type} ${id}`);
  return n;
};

test('items, one list response and a list of pages read alike; keys belong to their user or service account, or stand alone', async () => {
  const loads = await Promise.all((['items', 'page', 'pages'] as const).map((f) => load(snapshot(f))));
  for (const l of loads) assert.deepEqual(l.failed, []);
  assert.deepEqual(loads[1]!.graph, loads[0]!.graph);
  assert.deepEqual(loads[2]!.graph, loads[0]!.graph);
  const { nodes, edges } = loads[0]!.graph;
  const auth = (from: string) => edges.filter((e) => e.type === 'AUTHENTICATES_AS' && e.from.endsWith(`:${from}`)).map((e) => e.to);

  // OpenAI: a user's key is that account's credential; a service account's key is the NHI's.
  assert.deepEqual(auth('key_leo'), ['ai:openai/acme:openai-user:user-leo']);
  assert.deepEqual(auth('key_sa'), ['ai:openai/acme:openai-service-account:svc_acct_a']);
  assert.deepEqual(auth('key_admin_1'), ['ai:openai/acme:openai-user:user-ana']);
  // A key whose user is no longer in the org stands alone, owned by the email the API gives.
  const gone = node(nodes, 'openai-api-key', 'key_gone').props;
  assert.deepEqual([gone.standalone, gone.ownerValues, auth('key_gone')], [true, ['gone@example.com'], []]);
  assert.equal(node(nodes, 'openai-api-key', 'key_leo').props.lastUsedAt, '2026-11-18T00:00:00.000Z');
  assert.equal(node(nodes, 'openai-admin-key', 'key_admin_1').props.privileged, true);
  assert.equal(node(nodes, 'openai-user', 'user-ana').props.privileged, true);
  assert.deepEqual(node(nodes, 'openai-user', 'user-leo').props.linkValues, ['email:leo@example.com']);
  assert.equal(node(nodes, 'openai-service-account', 'svc_acct_a').props.isNhi, true);
  // An archived project's keys and service accounts can no longer be used.
  assert.equal(node(nodes, 'openai-api-key', 'key_old').props.active, false);
  assert.equal(node(nodes, 'openai-service-account', 'svc_acct_old').props.active, false);

  // Anthropic: keys stand alone, owned by their creator; a departed creator stays named by id.
  const ana = node(nodes, 'anthropic-api-key', 'apikey_ana').props;
  assert.deepEqual([ana.standalone, ana.ownerValues, ana.usageReported, ana.createdAt], [true, ['ana@example.com'], false, '2026-10-30T23:58:27.427Z']);
  assert.deepEqual(node(nodes, 'anthropic-api-key', 'apikey_gone').props.ownerValues, ['anthropic:user_gone']);
  assert.equal(node(nodes, 'anthropic-api-key', 'apikey_off').props.active, false);
  assert.equal(node(nodes, 'anthropic-api-key', 'apikey_default').props.workspaceId, 'default');
  assert.deepEqual(node(nodes, 'anthropic-user', 'user_ana').props.privilegeReasons, ['organization admin', `admin of workspace ${node(nodes, 'anthropic-workspace', 'wrkspc_a').props.name}`]);
  assert.equal(edges.filter((e) => e.type === 'HOLDS').length, 3);

  // Nothing that carries key material is kept (names are data; the scan redacts key shapes in any value).
  const kept = JSON.stringify(nodes.map((n) => Object.keys(n.props)));
  for (const field of ['redacted_value', 'redactedValue', 'partial_key_hint', 'partialKeyHint', 'value', 'extra_echo']) assert.ok(!kept.includes(`"${field}"`), field);
  assert.ok(!JSON.stringify(nodes).includes('...'), 'no redacted value');
});

test('an Anthropic key past its expires_at, or in an archived workspace, is not active; an unknown OpenAI owner kind stands alone', async () => {
  const dir = snapshot();
  const rel = (f: string) => join(dir, 'ai', f);
  const keys = JSON.parse(readFileSync(rel('anthropic/acme/api-keys.json'), 'utf8')) as Record<string, unknown>[];
  keys[0]!.expires_at = '2026-11-19T00:00:00Z';
  keys[1]!.expires_at = '2026-11-21T00:00:00Z';
  keys[4]!.workspace_id = 'wrkspc_b';
  writeFileSync(rel('anthropic/acme/api-keys.json'), JSON.stringify(keys));
  const ws = JSON.parse(readFileSync(rel('anthropic/acme/workspaces.json'), 'utf8')) as Record<string, unknown>[];
  ws[1]!.archived_at = '2026-01-01T00:00:00Z';
  writeFileSync(rel('anthropic/acme/workspaces.json'), JSON.stringify(ws));
  const pk = JSON.parse(readFileSync(rel('openai/acme/project-api-keys/proj_a.json'), 'utf8')) as Record<string, unknown>[];
  pk[0]!.owner = { type: 'workload_identity', workload_identity: { id: 'wi_1' } };
  writeFileSync(rel('openai/acme/project-api-keys/proj_a.json'), JSON.stringify(pk));
  const { nodes, edges } = (await load(dir)).graph;
  const active = (type: string, id: string) => node(nodes, type, id).props.active;
  assert.deepEqual(
    [active('anthropic-api-key', 'apikey_ana'), active('anthropic-api-key', 'apikey_leo'), active('anthropic-api-key', 'apikey_default')],
    [false, true, false],
  );
  assert.deepEqual([node(nodes, 'openai-api-key', 'key_leo').props.standalone, edges.some((e) => e.from.endsWith(':key_leo'))], [true, false]);
});

test('a bad file fails its own organization, naming the file and the JSON path; the other organization loads', async () => {
  const dir = snapshot();
  const keys = join(dir, 'ai/openai/acme/project-api-keys/proj_a.json');
  const items = JSON.parse(readFileSync(keys, 'utf8')) as Record<string, unknown>[];
  items[2]!.created_at = 1_760_000_000_000; // milliseconds, not the seconds OpenAI writes
  writeFileSync(keys, JSON.stringify(items));
  let l = await load(dir);
  assert.deepEqual(l.containers, ['anthropic/acme']);
  let e = await failureOf(l, 'ai');
  assert.deepEqual(e.place, { file: 'ai/openai/acme/project-api-keys/proj_a.json', path: '$[2].created_at' });

  const users = join(dir, 'ai/anthropic/acme/users.json');
  writeFileSync(users, JSON.stringify({ data: [{ id: 'user_x', email: ['not', 'a', 'string'] }] }));
  l = await load(dir);
  assert.deepEqual(l.containers, []);
  e = await failureOf(l, 'ai', 'anthropic/acme');
  assert.deepEqual(e.place, { file: 'ai/anthropic/acme/users.json', path: '$.data[0].email' });

  // An id no provider issues (a space, a quote) is refused, never stored as a key.
  const odd = snapshot();
  const sas = join(odd, 'ai/openai/acme/project-service-accounts/proj_a.json');
  const accounts = JSON.parse(readFileSync(sas, 'utf8')) as Record<string, unknown>[];
  accounts[1]!.id = "svc_acct_b'; rm -rf /";
  writeFileSync(sas, JSON.stringify(accounts));
  e = await failureOf(load(odd), 'ai', 'openai/acme');
  assert.deepEqual([e.place.path, e.message.includes('rm -rf')], ['$[1].id', false]);

  // One key listed twice with different content: the export contradicts itself.
  const dup = snapshot();
  const ak = join(dup, 'ai/anthropic/acme/api-keys.json');
  const list = JSON.parse(readFileSync(ak, 'utf8')) as Record<string, unknown>[];
  writeFileSync(ak, JSON.stringify([...list, { ...list[0], status: 'inactive' }]));
  e = await failureOf(load(dup), 'ai', 'anthropic/acme');
  assert.equal(e.place.file, 'ai/anthropic/acme/api-keys.json');
});

test('remediations call the admin APIs with curl, read the admin key from the environment, and keep hostile ids one literal word', () => {
  const hostile = `x'; touch PWNED; echo '$(touch PWNED2)\n`;
  const rem = aiConnector.remediations!;
  const input = (type: string, props: Record<string, unknown> = {}) => ({
    ruleId: 'r', action: '', subject: { source: 'ai', container: 'openai/acme', type, id: hostile, name: null }, props, evidence: {}, entitlement: null,
  });
  const commands = [
    rem['disable-account']!(input('openai-user'))!,
    rem['disable-account']!(input('anthropic-user'))!,
    rem['deactivate-credential']!(input('openai-api-key', { projectId: hostile }))!,
    rem['deactivate-credential']!(input('openai-admin-key'))!,
    rem['deactivate-credential']!(input('anthropic-api-key'))!,
    rem['decommission-identity']!(input('openai-service-account', { projectId: 'proj_a' }))!,
  ];
  assert.equal(commands[0], `curl -sS -X DELETE 'https://api.openai.com/v1/organization/users/x'\\''%3B%20touch%20PWNED%3B%20echo%20'\\''%24(touch%20PWNED2)%0A' -H "Authorization: Bearer $OPENAI_ADMIN_KEY"`);
  assert.match(commands[4]!, /-X POST .*\/v1\/organizations\/api_keys\/.* -H "x-api-key: \$ANTHROPIC_ADMIN_KEY" -H 'anthropic-version: 2023-06-01' -H 'content-type: application\/json' -d '\{"status":"inactive"\}'$/);
  // Run through bash with curl stubbed: each URL arrives whole, the key comes from the environment, nothing else runs.
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-ai-rem-'));
  const stubs = join(root, 'bin');
  mkdirSync(stubs);
  writeFileSync(join(stubs, 'curl'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done\n`);
  chmodSync(join(stubs, 'curl'), 0o755);
  for (const c of commands) {
    const r = spawnSync('bash', ['-c', c], { cwd: root, encoding: 'utf8', env: { PATH: `${stubs}:/usr/bin:/bin`, OPENAI_ADMIN_KEY: 'from-env-1', ANTHROPIC_ADMIN_KEY: 'from-env-2' } });
    assert.equal(r.status, 0, c);
    const args = r.stdout.split('\n');
    assert.ok(args.some((a) => /^https:\/\/api\.(openai|anthropic)\.com\/v1\/organizations?\//.test(a)), r.stdout);
    assert.ok(args.includes('Authorization: Bearer from-env-1') || args.includes('x-api-key: from-env-2'), r.stdout);
  }
  assert.deepEqual(spawnSync('ls', [root], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.startsWith('PWNED')), []);
});

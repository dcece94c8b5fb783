// The quality bar for AI provider keys: a key value planted in every field
// the admin APIs echo (`value`, `redacted_value`, `partial_key_hint`, names
// a person types, fields the model does not know, a 401's body) and the
// admin keys themselves never reach the snapshot, the store, a log line, an
// error, a finding or the report. Collection and scan run in this process
// against a local server; the findings are checked to be there (and to cite
// NIST AI RMF), so the test reads real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { aiConnector } from '../../connectors/ai/index.js';
import { collectAi } from '../../connectors/ai/collect.js';
import { hrConnector } from '../../connectors/hr/index.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { runReportJob } from '../../reports/index.js';
import { startAiServer } from '../servers/ai-server.js';
import { anthropicOrg, openAiOrg } from './ai-estate.js';

const NOW = '2026-11-20T02:00:00.000Z';
/** Shaped like each kind of key the two providers issue. */
const PLANTED = {
  openaiProject: 'sk-proj-Pl4ntedPr0jectKeyValue_abcDEF0123456789xyz',
  openaiServiceAccount: 'sk-svcacct-Pl4ntedServiceAccountKey_0123456789abcdefXYZ',
  openaiAdmin: 'sk-admin-Pl4ntedAdminKeyValue0123456789abcdefGHIJ',
  openaiLegacy: 'sk-Pl4ntedLegacyKeyValueAbCdEf0123456789GhIjKlMnOpQr',
  anthropicApi: 'sk-ant-api03-Pl4ntedAnthropicApiKey_0123456789abcdefXYZ-AA',
  anthropicAdmin: 'sk-ant-admin01-Pl4ntedAnthropicAdminKey_0123456789abcXYZ',
  refusedAdmin: 'sk-admin-Pl4ntedRefusedAdminKey0123456789abcdefGHIJKL',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** The orgs with one planted value in every echoed field, and each kind of key somewhere. */
function plantedOrgs() {
  const o = openAiOrg(PLANTED.openaiProject);
  o.projectKeys.proj_a![3]!.value = PLANTED.openaiServiceAccount;
  o.projectKeys.proj_a![4]!.name = PLANTED.openaiLegacy;
  o.adminKeys[0]!.value = PLANTED.openaiAdmin;
  return { openai: o, anthropic: anthropicOrg(PLANTED.anthropicApi) };
}

test('no key value reaches the snapshot, the store, a log, an error, a finding or the report', async () => {
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-ai-secrets-'));
  const orgs = plantedOrgs();
  const server = await startAiServer({ openai: { [PLANTED.openaiAdmin]: orgs.openai }, anthropic: { [PLANTED.anthropicAdmin]: orgs.anthropic } });
  const logs: string[] = [];
  const progress = { step: (m: string) => logs.push(m) };
  const collected = join(root, 'collected');
  try {
    const r = await collectAi(
      collected,
      {
        now: NOW,
        config: {
          openai: [
            { org: 'acme', adminKeyEnv: 'K_OPENAI', baseUrl: server.url },
            { org: 'refused', adminKeyEnv: 'K_REFUSED', baseUrl: server.url },
          ],
          anthropic: [{ org: 'acme', adminKeyEnv: 'K_ANTHROPIC', baseUrl: server.url }],
        },
        shared: {},
        progress,
        stateDir: root,
      },
      { K_OPENAI: PLANTED.openaiAdmin, K_REFUSED: PLANTED.refusedAdmin, K_ANTHROPIC: PLANTED.anthropicAdmin },
    );
    logs.push(JSON.stringify(r));
    assert.deepEqual([r.containers, r.failed.map((f) => f.container)], [['openai/acme', 'anthropic/acme'], ['openai/refused']]);
  } finally {
    await server.close();
  }
  const snapshotFiles = filesUnder(collected).map((f) => readFileSync(f, 'utf8'));

  // A snapshot from elsewhere may hold the API objects exactly as returned, planted fields and all: scan that.
  const snap = join(root, 'snap');
  const write = (rel: string, body: unknown) => {
    mkdirSync(dirname(join(snap, rel)), { recursive: true });
    writeFileSync(join(snap, rel), typeof body === 'string' ? body : JSON.stringify(body));
  };
  write('manifest.json', { collectedAt: NOW });
  write('hr/people.csv', 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date\nE1,ana@example.com,Ana,eng,Eng,,GB,employee,active,2020-01-01,\nE2,leo@example.com,Leo,eng,Eng,,GB,employee,terminated,2020-01-01,2026-10-01\n');
  const o = orgs.openai;
  write('ai/openai/acme/users.json', { object: 'list', data: o.users, has_more: false });
  write('ai/openai/acme/admin-api-keys.json', o.adminKeys);
  write('ai/openai/acme/projects.json', o.projects);
  for (const [p, v] of Object.entries(o.projectKeys)) write(`ai/openai/acme/project-api-keys/${p}.json`, v);
  for (const [p, v] of Object.entries(o.serviceAccounts)) write(`ai/openai/acme/project-service-accounts/${p}.json`, v);
  const a = orgs.anthropic;
  write('ai/anthropic/acme/users.json', a.users);
  write('ai/anthropic/acme/api-keys.json', { data: a.apiKeys, has_more: false });
  write('ai/anthropic/acme/workspaces.json', a.workspaces);
  for (const [w, v] of Object.entries(a.members)) write(`ai/anthropic/acme/workspace-members/${w}.json`, v);
  // A broken file whose error must not quote it: the planted key sits right where parsing stops.
  write('ai/anthropic/broken/users.json', `[{"id": "user_1", "name": "${PLANTED.anthropicApi}" `);

  const storeDir = join(root, 'store');
  mkdirSync(storeDir);
  const store = await openEmbeddedStore(join(storeDir, 'graph.db'));
  let findings: string;
  let reportFiles: string[];
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry: [hrConnector, aiConnector], snapshotDir: snap, config: {}, exceptions: [], progress });
    logs.push(JSON.stringify(result.outcomes));
    assert.equal(result.outcomes.find((x) => x.source === 'ai')?.status, 'partial');
    const stored = await readFindings(store);
    findings = JSON.stringify(stored);
    // Real findings came out, each citing the AI RMF.
    const leaver = stored.find((f) => f.ruleId === 'leaver-active-access' && f.subject.id === 'user-leo');
    assert.ok(leaver, findings);
    assert.deepEqual(leaver.evidence.activeCredentials, ['key_leo', 'key_leo_stale']);
    assert.ok(stored.some((f) => f.ruleId === 'leaver-owned-nhi' && f.subject.id === 'apikey_leo'));
    assert.ok(stored.some((f) => f.ruleId === 'stale-credential' && f.subject.id === 'key_leo_stale'));
    for (const f of stored) assert.ok(f.frameworks.includes('NIST AI RMF GOVERN 1.6'), `${f.ruleId} ${f.subject.id}: ${f.frameworks}`);
    assert.ok(stored.filter((f) => f.ruleId === 'orphaned-nhi').every((f) => f.frameworks.at(-1) === 'NIST AI RMF GOVERN 2.1'));
    const report = await runReportJob(store, { out: join(root, 'reports'), clock: new Date(NOW) });
    reportFiles = filesUnder(join(root, 'reports')).map((f) => readFileSync(f).toString('latin1'));
    logs.push(report.summary);
  } finally {
    await store.close();
  }
  const storeFiles = filesUnder(storeDir).map((f) => readFileSync(f).toString('latin1'));
  assert.ok(storeFiles.join('').includes('key_leo_stale'), 'the store check reads real data');
  assert.ok(reportFiles.join('').includes('key_leo_stale'), 'the report check reads real data');
  assert.ok(logs.join('\n').includes('ai/anthropic/broken/users.json'), 'the broken file is named');

  const places = { snapshot: snapshotFiles, store: storeFiles, logs, findings: [findings], report: reportFiles };
  for (const [what, value] of Object.entries(PLANTED)) {
    // The part after the provider prefix, so a key cut or re-encoded is caught too.
    const core = value.slice(value.indexOf('Pl4nted'), value.indexOf('Pl4nted') + 24);
    for (const [where, hay] of Object.entries(places)) assert.ok(!hay.some((h) => h.includes(core)), `the ${what} key reached the ${where}`);
  }
});

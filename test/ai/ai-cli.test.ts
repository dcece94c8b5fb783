// End to end through the command line: a live scan collects an OpenAI and an
// Anthropic organization configured in driftgraph.yaml (admin keys from the
// environment), links them to HR, and the findings carry the AI RMF and a
// curl remediation that reads the admin key from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliAsync, tempDir, writeTree } from '../helpers/cli.js';
import { startAiServer } from '../servers/ai-server.js';
import { anthropicOrg, openAiOrg } from './ai-estate.js';

const KEYS = { OPENAI_ADMIN_KEY: 'sk-admin-CLItestADMINkey0000000000000000', ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-CLItestADMINkey000000000000' };

test('driftgraph scan collects the configured organizations live; findings cite the AI RMF and remediate with curl', async () => {
  const server = await startAiServer({ openai: { [KEYS.OPENAI_ADMIN_KEY]: openAiOrg() }, anthropic: { [KEYS.ANTHROPIC_ADMIN_KEY]: anthropicOrg() } });
  try {
    const dir = tempDir('driftgraph-ai-cli-');
    writeTree(dir, {
      'exports/hr/people.csv':
        'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date\n' +
        'E1,ana@example.com,Ana,eng,Eng,,GB,employee,active,2020-01-01,\nE2,leo@example.com,Leo,eng,Eng,,GB,employee,terminated,2020-01-01,2026-01-31\n',
      'driftgraph.yaml': [
        'exportsDir: exports',
        'ai:',
        '  openai:',
        `    - {org: acme, adminKeyEnv: OPENAI_ADMIN_KEY, baseUrl: "${server.url}"}`,
        '  anthropic:',
        `    - {org: acme, adminKeyEnv: ANTHROPIC_ADMIN_KEY, baseUrl: "${server.url}"}`,
      ].join('\n'),
    });
    const scan = await cliAsync(['scan', '--sources', 'hr,ai'], { cwd: dir, env: KEYS });
    assert.equal(scan.code, 0, scan.stderr + scan.stdout);
    assert.match(scan.stdout, /ai\s+loaded\s+anthropic\/acme openai\/acme/);
    const out = await cliAsync(['findings', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(out.stdout) as { ruleId: string; subject: { container: string; id: string }; frameworks: string[]; remediation: string }[];
    const leaver = findings.find((f) => f.ruleId === 'leaver-active-access' && f.subject.id === 'user-leo');
    assert.ok(leaver, out.stdout);
    assert.equal(leaver.subject.container, 'openai/acme');
    assert.ok(leaver.frameworks.includes('NIST AI RMF GOVERN 1.6'));
    assert.equal(leaver.remediation, `curl -sS -X DELETE https://api.openai.com/v1/organization/users/user-leo -H "Authorization: Bearer $OPENAI_ADMIN_KEY"`);
    for (const k of Object.values(KEYS)) assert.ok(!`${scan.stdout}${scan.stderr}${out.stdout}`.includes(k));
  } finally {
    await server.close();
  }
});

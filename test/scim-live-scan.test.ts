// A live scan through the command line: SCIM collected from a local RFC 7644
// server for two apps, one of which refuses the token. The refused app fails
// alone (exit 1, its error named), the other app loads.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliAsync, tempDir, writeTree, type CliResult } from './helpers/cli.js';
import { peopleCsv, scimUser } from './helpers/estate.js';
import { startScimServer } from './servers/scim-server.js';

function run(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  return cliAsync(args, { cwd, env });
}

test('a live SCIM scan fails only the app whose token is refused', async () => {
  const server = await startScimServer({
    crm: { token: 'crm-secret-1', users: [scimUser({ id: 'c1', userName: 'leo@example.com' })], groups: [], maxPage: 1 },
    wiki: { token: 'not-what-we-send', users: [], groups: [] },
  });
  try {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'driftgraph.yaml'),
      [
        'scim:',
        '  apps:',
        `    crm: {baseUrl: "${server.base('crm')}", tokenEnv: CRM_TOKEN}`,
        `    wiki: {baseUrl: "${server.base('wiki')}", tokenEnv: WIKI_TOKEN}`,
      ].join('\n'),
    );
    const env = { CRM_TOKEN: 'crm-secret-1', WIKI_TOKEN: 'wiki-secret-2' };
    // HR from a snapshot first, so the SCIM account has a person to link to.
    const hr = writeTree(join(dir, 'hr-snap'), {
      'hr/people.csv': peopleCsv([{ id: 'E9', email: 'leo@example.com', status: 'terminated', endDate: '2026-01-31' }]),
    });
    assert.equal((await run(['scan', '--from', hr], dir, env)).code, 0);
    const r = await run(['scan', '--sources', 'scim', '--json'], dir, env);
    assert.equal(r.code, 1, r.stderr);
    const scan = JSON.parse(r.stdout);
    const scim = scan.sources.find((s: { source: string }) => s.source === 'scim');
    assert.equal(scim.status, 'partial');
    assert.deepEqual(scim.containers, ['crm']);
    assert.deepEqual(
      scim.failedContainers.map((f: { container: string; error: string }) => `${f.container}: ${f.error}`),
      ['wiki: scim: API SCIM GET /Users?startIndex=1 status 401: the token was refused'],
    );
    assert.ok(!(r.stdout + r.stderr).includes('crm-secret-1') && !(r.stdout + r.stderr).includes('wiki-secret-2'));
    // The collected app is in the graph; the refused one added nothing.
    const q = await run(['query', 'MATCH (i:Identity) WHERE i.source = $s RETURN i.container AS app, i.nativeId AS id, i.active AS active', '--param', 's=scim', '--format', 'json'], dir, env);
    assert.deepEqual(JSON.parse(q.stdout), [{ app: 'crm', id: 'c1', active: true }]);
  } finally {
    await server.close();
  }
});

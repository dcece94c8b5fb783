// A live GitHub scan through the command line: config `github:` points at the
// local REST + GraphQL server, GITHUB_TOKEN comes from the environment. An org
// answering 5xx fails alone (exit 1, the other org's findings stand); a second
// nightly scan of the unchanged org costs no REST rate limit; `scan --from`
// the snapshot the live scan kept gives the same findings.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliAsync, tempDir } from '../helpers/cli.js';
import { startGithubServer, type GithubServer } from '../servers/github-server.js';
import { acme } from './estate.js';


let server: GithubServer;
before(async () => {
  server = await startGithubServer([acme(), { name: 'beta', users: [{ login: 'z' }] }]);
  server.faults.push({ match: /^GET \/orgs\/beta\/members/, status: 503, times: Infinity });
});
after(async () => server.close());

const driftgraph = (args: string[], cwd: string) => cliAsync(args, { cwd, env: { GITHUB_TOKEN: 'ghp_cliTestToken' } });

const findingIds = (stdout: string) =>
  (JSON.parse(stdout) as { id: string; subject: { container: string } }[]).map((f) => `${f.subject.container} ${f.id}`).sort();

test('scan --sources github collects live, fails a 5xx org alone, re-scans from 304s, and scan --from agrees', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'driftgraph.yaml'), `github:\n  orgs: [acme, beta]\n  baseUrl: ${server.url}\n  auditLogDays: 365\n`);
  const first = await driftgraph(['-q', 'scan', '--sources', 'github'], cwd);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.match(first.stdout, /beta/);
  assert.match(first.stdout, /GET \/orgs\/\{org\}\/members.*status 503/);
  const live = findingIds((await driftgraph(['findings', '--format', 'json'], cwd)).stdout);
  assert.ok(live.length > 0 && live.every((f) => f.startsWith('acme ')), 'findings of acme only');

  const before = server.cost.rest;
  const mark = server.log.length;
  const second = await driftgraph(['-q', 'scan', '--sources', 'github'], cwd);
  assert.equal(second.code, 1);
  const acmeCharged = server.log.slice(mark).filter((l) => l.line.includes('/acme/') && !l.line.endsWith('-> 304') && !l.line.startsWith('POST'));
  assert.deepEqual(acmeCharged, [], 'an unchanged org is answered by 304s');
  assert.ok(server.cost.rest - before > 0, 'beta was asked again (and failed again)');

  const snapshots = readdirSync(join(cwd, '.driftgraph', 'snapshots'));
  const offline = tempDir();
  const fromSnapshot = await driftgraph(['-q', '--db', join(offline, 'g.db'), 'scan', '--from', join(cwd, '.driftgraph', 'snapshots', snapshots[0]!)], cwd);
  assert.equal(fromSnapshot.code, 0, fromSnapshot.stdout + fromSnapshot.stderr);
  assert.deepEqual(findingIds((await driftgraph(['--db', join(offline, 'g.db'), 'findings', '--format', 'json'], cwd)).stdout), live);
});

// A snapshot made of files shaped like AWS's own published examples (see
// test/fixtures/provider-examples/aws-published/README.md) loads, and no
// "never used" finding comes from data that does not report use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir } from './helpers/cli.js';

const SNAPSHOT = fileURLToPath(new URL('./fixtures/provider-examples/aws-published/', import.meta.url));

test("AWS's published example forms load and judge use only where it is reported", () => {
  const db = join(tempDir(), 'graph.db');
  const scan = cli(['--db', db, 'scan', '--from', SNAPSHOT]);
  assert.equal(scan.code, 0, scan.stdout + scan.stderr);
  const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json']).stdout) as { ruleId: string; subject: { id: string } }[];
  const has = (rule: string, id: string) => findings.some((f) => f.ruleId === rule && f.subject.id === id);

  assert.ok(!has('never-used-credential', 'AKIAEXAMPLECAROL0001'), 'a 16-column report says nothing of use: no "never used"');
  assert.ok(has('never-used-credential', 'AKIAEXAMPLEBOB000001'), "another account's call with this key id is not its use");
  assert.ok(!has('never-used-credential', 'AKIAEXAMPLEALICE0001'));

  const q = (cypher: string) => JSON.parse(cli(['--db', db, 'query', cypher, '--format', 'json']).stdout) as Record<string, unknown>[];
  const alice = q("MATCH (u:Identity {name: 'alice'}) RETURN u.privileged AS privileged, u.groups AS groups")[0]!;
  assert.equal(alice.privileged, true, 'AdministratorAccess through a group whose attached policy is a single object');
  const roots = q('MATCH (u:Identity) WHERE u.isRoot = true RETURN u.container AS c ORDER BY c');
  assert.deepEqual(roots.map((r) => r.c), ['123456789012', '210987654321'], '<root_account> and root_account are both the root user');
  const role = q("MATCH (r:Identity {name: 'web-role'}) RETURN r.lastUsedAt AS last")[0]!;
  assert.equal(role.last, '2026-11-19T11:00:00.000Z', 'the assumed-role session counts for its role');
});

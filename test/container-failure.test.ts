// Failure by container, through the command line: after a good scan of two
// AWS accounts, a scan in which account A's authorization details are cut
// mid-JSON exits 1 and names A, the file and the line; account B's changes
// load and its fixed findings resolve; nothing of A is removed or resolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { cli, tempDir } from './helpers/cli.js';
import { ago, writeEstate, type AwsAccount, type Estate } from './helpers/estate.js';

const A = '111111111111';
const B = '222222222222';
const T1 = '2026-11-13T02:00:00Z';
const T2 = '2026-11-20T02:00:00Z';

function account(id: string, now: string, extra: Partial<AwsAccount> = {}): AwsAccount {
  return {
    id,
    users: [
      { name: 'old-deployer', keys: [{ id: `AKIA${id}OLD1`, created: ago(now, 400), lastUsed: ago(now, 200) }] },
    ],
    roles: [{ name: 'orphan-role', lastUsed: ago(now, 1) }],
    ...extra,
  };
}

const estate = (now: string, b: AwsAccount): Estate => ({
  collectedAt: now,
  people: [{ id: 'E1', email: 'ana@example.com' }],
  aws: [account(A, now), b],
});

test('a broken file fails its own account only; the other account loads, resolves and gains', async () => {
  const root = tempDir();
  const db = join(root, 'graph.db');
  const first = await writeEstate(estate(T1, account(B, T1)), root);
  const s1 = cli(['--db', db, 'scan', '--from', first, '--json']);
  assert.equal(s1.code, 0, s1.stderr);

  // Week 2: B deletes its old key and adds a new role; A's file is cut mid-JSON.
  const bNext = account(B, T2, { users: [{ name: 'old-deployer' }], roles: [{ name: 'orphan-role', lastUsed: ago(T2, 1) }, { name: 'new-role', lastUsed: ago(T2, 1) }] });
  const second = await writeEstate(estate(T2, bNext), root);
  const file = join(second, 'aws', A, 'account-authorization-details.json');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));

  const s2 = cli(['--db', db, 'scan', '--from', second]);
  assert.equal(s2.code, 1, 'a failed container is exit 1');
  assert.match(s2.stdout, new RegExp(`${A}: aws: aws/${A}/account-authorization-details\\.json line \\d+: not valid JSON`));
  assert.match(s2.stdout, /aws\s+partial/);

  const findings = JSON.parse(cli(['--db', db, 'findings', '--status', 'open,resolved,excepted', '--format', 'json']).stdout) as {
    ruleId: string; status: string; subject: { container: string; id: string };
  }[];
  const of = (container: string) => findings.filter((f) => f.subject.container === container);
  assert.ok(of(A).length > 0 && of(A).every((f) => f.status === 'open'), 'nothing of A resolves');
  const bKey = of(B).filter((f) => f.subject.id === `AKIA${B}OLD1`);
  assert.ok(bKey.length > 0 && bKey.every((f) => f.status === 'resolved'), "B's deleted key resolves its findings");
  assert.ok(of(B).some((f) => f.subject.id.endsWith(':role/new-role') && f.status === 'open'), "B's new role is judged");

  const removed = JSON.parse(
    cli(['--db', db, 'query', 'MATCH (n:Entity) WHERE n.removedAt IS NOT NULL RETURN n.container AS c, n.nativeId AS id', '--format', 'json']).stdout,
  ) as { c: string; id: string }[];
  assert.deepEqual(removed.filter((r) => r.c === A), [], 'nothing of A is removed');
  assert.deepEqual(removed.filter((r) => r.c === B).map((r) => r.id), [`AKIA${B}OLD1`]);
});

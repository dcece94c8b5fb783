// A load that would remove most of a container is refused as a likely broken
// export (exit 1, nothing of it changes) unless --accept-removals is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { writeEstate, type Estate } from './helpers/estate.js';

const ACCT = '111111111111';
const estate = (now: string, users: number): Estate => ({
  collectedAt: now,
  people: [{ id: 'E1', email: 'ana@example.com' }],
  aws: [{ id: ACCT, users: Array.from({ length: users }, (_, i) => ({ name: `svc-${i}` })) }],
});

test('removing most of an account is refused unless accepted', async () => {
  const root = tempDir();
  const db = join(root, 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', await writeEstate(estate('2026-11-13T02:00:00Z', 20), root)]).code, 0);
  const shrunk = await writeEstate(estate('2026-11-20T02:00:00Z', 4), root);
  const refused = cli(['--db', db, 'scan', '--from', shrunk]);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /would mark 16 of its 21 live records removed \(more than maxRemovalShare 0\.5\)/);
  // The refusal names the container's folder, so the operator knows which export to check.
  assert.match(refused.stdout, new RegExp(`aws/${ACCT}/: this load would mark 16 of its 21 live records removed`));
  const live = () => JSON.parse(cli(['--db', db, 'query', `MATCH (n:Identity) WHERE n.container = '${ACCT}' AND n.removedAt IS NULL RETURN count(n) AS n`, '--format', 'json']).stdout)[0].n;
  assert.equal(live(), 21, 'nothing removed (20 users and the root user)');
  const accepted = cli(['--db', db, 'scan', '--from', shrunk, '--accept-removals']);
  assert.equal(accepted.code, 0, accepted.stdout);
  assert.equal(live(), 5);
});

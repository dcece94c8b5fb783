// Scans that cannot be trusted say so (exit 2) instead of looking clean:
// a snapshot folder that holds no source, time running backwards, a bad --now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { ago, writeEstate, type Estate } from './helpers/estate.js';

const T1 = '2026-11-13T02:00:00Z';
const T2 = '2026-11-20T02:00:00Z';
const estate = (now: string, withKey: boolean): Estate => ({
  collectedAt: now,
  people: [{ id: 'E1', email: 'ana@example.com' }],
  aws: [{ id: '111111111111', users: [{ name: 'ci', keys: withKey ? [{ id: 'AKIAOLD0000000000001', created: ago(now, 400), lastUsed: ago(now, 200) }] : [] }] }],
});

test('a folder one level too high or too low loads nothing: exit 2, what it holds, where the snapshot is', async () => {
  const root = tempDir();
  const snap = await writeEstate(estate(T2, true), root);
  const db = join(root, 'graph.db');
  const high = cli(['--db', db, 'scan', '--from', root]);
  assert.equal(high.code, 2, high.stdout);
  assert.match(high.stderr, /no source folder to scan/);
  assert.ok(high.stderr.includes(`--from ${snap}`), high.stderr);
  const low = cli(['--db', db, 'scan', '--from', join(snap, 'aws')]);
  assert.equal(low.code, 2);
  assert.ok(low.stderr.includes(`--from ${snap}`), low.stderr);
  assert.ok(!existsSync(db), 'no store file is left behind');
});

test('a bad --now is exit 2 and leaves no empty store file', async () => {
  const root = tempDir();
  const snap = await writeEstate(estate(T2, true), root);
  const db = join(root, 'graph.db');
  for (const bad of ['yesterday', '2026-02-30', '1']) {
    const r = cli(['--db', db, 'scan', '--from', snap, '--now', bad]);
    assert.equal(r.code, 2, bad);
    assert.ok(!existsSync(db), `no store file after --now ${bad}`);
  }
});

test('time running backwards is refused; --allow-older adds what is missing and resolves nothing', async () => {
  const root = tempDir();
  const db = join(root, 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', await writeEstate(estate(T2, true), root)]).code, 0);
  const older = await writeEstate(estate(T1, false), root);
  const refused = cli(['--db', db, 'scan', '--from', older]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /older than the store's latest scan \(2026-11-20T02:00:00\.000Z\)/);

  const allowed = cli(['--db', db, 'scan', '--from', older, '--allow-older']);
  assert.equal(allowed.code, 0, allowed.stderr);
  const findings = JSON.parse(cli(['--db', db, 'findings', '--status', 'open,resolved', '--format', 'json']).stdout) as { status: string; resolvedAt: string | null; firstSeen: string }[];
  assert.ok(findings.length > 0);
  assert.ok(findings.every((f) => f.status === 'open' && f.resolvedAt === null), 'nothing resolves');
  const key = JSON.parse(cli(['--db', db, 'query', "MATCH (c:Credential) RETURN c.removedAt AS removed, c.lastSeen AS lastSeen", '--format', 'json']).stdout);
  assert.deepEqual(key, [{ removed: null, lastSeen: '2026-11-20T02:00:00.000Z' }], 'the newer scan’s key is neither removed nor rewound');
});

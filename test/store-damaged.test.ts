// A damaged store file (truncated, bit-flipped) is refused by every command
// that opens it, `serve` included, with exit 1 and a message that says what
// to do: restore the last good copy the compaction kept (named), or scan into
// a fresh file. Following the message works. And what a compaction killed
// part-way leaves is removed the next time the store is opened writable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, openSync, closeSync, writeSync, statSync, truncateSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, cliAsync, tempDir } from './helpers/cli.js';
import { DEMO_ESTATE } from './helpers/scheduler.js';

function flipBytes(path: string, at: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.from([0xff, 0x13, 0x37]), 0, 3, at);
  } finally {
    closeSync(fd);
  }
}

test('a damaged store: findings, query, scan and serve refuse with exit 1 and name the last good copy; restoring it as told works', async () => {
  const dir = tempDir('driftgraph-damaged-');
  const db = join(dir, 'graph.db');
  const scan = cli(['--db', db, '-q', 'scan', '--from', DEMO_ESTATE, '--json'], { cwd: dir });
  assert.equal(scan.code, 0, scan.stderr);
  const compact = cli(['--db', db, 'compact'], { cwd: dir });
  assert.equal(compact.code, 0, compact.stderr);
  assert.match(compact.stdout, /compacted: .*last good copy kept as .*graph\.db\.last-good/);
  assert.ok(existsSync(`${db}.last-good`));
  const good = cli(['--db', db, 'findings', '--format', 'json'], { cwd: dir });
  assert.equal(good.code, 0, good.stderr);
  const findings = (JSON.parse(good.stdout) as unknown[]).length;
  assert.ok(findings > 0);

  const pristine = join(dir, 'pristine.db');
  copyFileSync(db, pristine);
  const damages: [string, () => void][] = [
    ['truncated', () => truncateSync(db, Math.floor(statSync(db).size / 2))],
    ['its header bit-flipped', () => flipBytes(db, 40)],
  ];
  for (const [what, damage] of damages) {
    copyFileSync(pristine, db);
    damage();
    for (const args of [['findings'], ['query', 'MATCH (n) RETURN count(n) AS n'], ['scan', '--from', DEMO_ESTATE], ['runs'], ['report']]) {
      const r = cli(['--db', db, ...args], { cwd: dir });
      assert.equal(r.code, 1, `${what}: ${args[0]} exit ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, /the graph database .*graph\.db is damaged and was not used/, `${what}: ${args[0]}`);
      assert.match(r.stderr, /Restore the last good copy the compaction kept \(.*graph\.db\.last-good, written \d{4}-/, `${what}: ${args[0]}`);
      assert.match(r.stderr, /scan into a fresh file/i);
    }
    // serve refuses to start rather than answer 500 to every page.
    const serve = await cliAsync(['--db', db, 'serve', '--port', '0'], { cwd: dir });
    assert.equal(serve.code, 1, `${what}: serve: ${serve.stdout}${serve.stderr}`);
    assert.doesNotMatch(serve.stdout, /open http/);
    assert.match(serve.stderr, /is damaged and was not used.*last-good/);
  }

  // As the message says: move the damaged file away, copy the last good one in, and the store answers again.
  const told = /`(mv [^`]+ && cp [^`]+)`/.exec(cli(['--db', db, 'findings'], { cwd: dir }).stderr)![1]!;
  execFileSync('/bin/sh', ['-c', told], { cwd: dir });
  const restored = cli(['--db', db, 'findings', '--format', 'json'], { cwd: dir });
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal((JSON.parse(restored.stdout) as unknown[]).length, findings);
  assert.ok(existsSync(`${db}.damaged`));

  // With no last good copy, the message says so and gives the fresh-scan way only.
  copyFileSync(pristine, join(dir, 'other.db'));
  truncateSync(join(dir, 'other.db'), 1000);
  const none = cli(['--db', join(dir, 'other.db'), 'findings'], { cwd: dir });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /There is no last good copy beside it.*Scan into a fresh file: `mv .*other\.db .*other\.db\.damaged`, then `driftgraph --db .*other\.db scan --from <snapshot>`/);
});

test("a compaction killed part-way leaves its copy and the engine's .partial: the next writable open removes them, and nothing else", () => {
  const dir = tempDir('driftgraph-leftovers-');
  const db = join(dir, 'graph.db');
  const scan = cli(['--db', db, '-q', 'scan', '--from', DEMO_ESTATE, '--sources', 'hr'], { cwd: dir });
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);
  // What `kill -9` during `driftgraph compact` leaves beside the store.
  writeFileSync(`${db}.compacting.partial`, 'half a copy');
  writeFileSync(`${db}.compacting`, 'a whole but unchecked copy');
  writeFileSync(`${db}.last-good.partial`, 'half a last good copy');
  // Something a person put there that only looks like ours is left alone.
  mkdirSync(join(dir, 'graph.db.compacting.wal.keep'));
  // A read-only command leaves them (it cannot know no compaction is running)...
  assert.equal(cli(['--db', db, 'runs'], { cwd: dir }).code, 0);
  assert.ok(existsSync(`${db}.compacting.partial`));
  // ...a command that opens the store writable removes them, without compacting.
  const r = cli(['--db', db, 'compact', '--if-above', '1000'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /not compacted|recorded/);
  for (const f of ['.compacting.partial', '.compacting', '.last-good.partial']) assert.ok(!existsSync(db + f), `${f} is still there`);
  assert.ok(existsSync(join(dir, 'graph.db.compacting.wal.keep')));
  assert.ok(readFileSync(db).length > 0);
});

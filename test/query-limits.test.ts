// `driftgraph query` through the real command line: the guard's walk-around
// from issue 28 runs as the guard read it; a query past its time is stopped
// (--timeout or analystQueries.query.timeoutSeconds, exit 1); past the row cap
// the rest is not read; a running query holds only a shared read lock (another
// reader goes on) and ends with its command on SIGTERM.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli, cliAsync, tempDir } from './helpers/cli.js';
import { startCli } from './helpers/cli-process.js';
import { alive, descendants, HAS_PROC, holds, waitFor } from './helpers/processes.js';

const require = createRequire(import.meta.url);
const { GrafeoDB } = require('@grafeo-db/js') as typeof import('@grafeo-db/js');

/** Four unbounded node scans: 300^4 rows to count, far past any test's patience. */
const FOREVER = 'MATCH (a),(b),(c),(d) RETURN count(*) AS n';
const WALK_AROUND = "WITH 1 AS x //\r/*\nLOAD CSV FROM '/proc/self/environ' AS row RETURN row //*/ RETURN x";
const SECRET = 'DG_TEST_SECRET_b71c';

let dir = '';
let db = '';
before(() => {
  dir = tempDir('driftgraph-qlimits-');
  db = join(dir, 'graph.db');
  const g = GrafeoDB.create(db);
  return g.executeCypher('UNWIND range(1, 300) AS i CREATE (:N {i: i})').then(() => g.close());
});

const query = (...args: string[]) => cli(['--db', db, 'query', ...args], { env: { DG_TEST_ENV: SECRET } });

describe('query: what runs is what the guard read', () => {
  test('the comment walk-around (// then a carriage return) runs without its LOAD CSV', () => {
    const r = query(WALK_AROUND, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ x: 1 }]);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(SECRET));
  });

  test('LOAD CSV after a line separator in a // comment is refused (exit 2): Neo4j reads it as code', () => {
    const r = query("WITH 1 AS x //\u2028\nLOAD CSV FROM '/proc/self/environ' AS row RETURN row");
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /LOAD CSV would read a file/);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(SECRET));
  });
});

describe('query: time limit and row cap', () => {
  test('--timeout stops a query that would run for hours (exit 1, the flag named)', () => {
    const r = query(FOREVER, '--timeout', '0.001');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /stopped after 0\.001s, its time limit \(--timeout\)/);
    assert.equal(r.stdout, '');
  });

  test('analystQueries.query.timeoutSeconds does the same, and is named', () => {
    const config = join(dir, 'limits.yaml');
    writeFileSync(config, 'analystQueries:\n  query:\n    timeoutSeconds: 0.001\n');
    const r = cli(['--db', db, '--config', config, 'query', FOREVER]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /analystQueries\.query\.timeoutSeconds/);
  });

  test('bad limits are usage errors naming the flag or key (exit 2)', () => {
    const flag = query('RETURN 1 AS n', '--timeout', '-3');
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--timeout -3/);
    const rows = query('RETURN 1 AS n', '--max-rows', '1.5');
    assert.equal(rows.code, 2);
    assert.match(rows.stderr, /--max-rows 1\.5/);
    const config = join(dir, 'bad-limits.yaml');
    writeFileSync(config, 'analystQueries:\n  console:\n    maxRows: 0\n');
    const key = cli(['--db', db, '--config', config, 'query', 'RETURN 1 AS n']);
    assert.equal(key.code, 2, key.stderr);
    assert.match(key.stderr, /analystQueries\.console\.maxRows/);
  });

  test('--max-rows: the first rows are printed, and stderr says the rest was not', () => {
    const r = query('MATCH (n:N) RETURN n.i AS i ORDER BY i', '--max-rows', '3', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ i: 1 }, { i: 2 }, { i: 3 }]);
    assert.match(r.stderr, /only the first 3 of 300 rows are shown \(--max-rows\)/);
  });
});

describe('query: a running query holds a read lock only, and stops with its command', { skip: HAS_PROC ? false : 'needs /proc (Linux) to see the query process' }, () => {
  test('another reader runs beside it; SIGTERM ends the command and its query process', async () => {
    const running = startCli(['--db', db, 'query', FOREVER, '--timeout', '3600']);
    const pid = running.child.pid!;
    // State, not time: the query process has the store file open.
    const worker = await waitFor('the query process to open the store', () => descendants(pid).find((p) => holds(p, db)));
    const other = await cliAsync(['--db', db, 'query', 'MATCH (n:N) RETURN count(n) AS n', '--format', 'json']);
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(JSON.parse(other.stdout), [{ n: 300 }]);
    assert.ok(alive(worker), 'the long query was still running while the other reader ran');
    running.child.kill('SIGTERM');
    await running.exited;
    await waitFor('the query process to end', () => !alive(worker));
  });
});

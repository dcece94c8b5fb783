// `driftgraph query`'s check in its own process, started from the start-up
// snapshot the build leaves in dist/query-check/ (src/queries/check-process.ts).
// That process must judge every query exactly as the command's own process
// does (writes, file reads and tricks the guard refuses included), the
// command takes only an approval from it, and through the real command line
// a refusal still exits 2 with the guard's own words.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeQuery } from '../src/queries/check-query.js';
import { loadCypherParser } from '../src/queries/cypher-parser.js';
import { cli, cliFresh, tempDir, writeTree } from './helpers/cli.js';

// The compiled module: it finds the snapshot beside itself, in dist/.
type CheckProcess = typeof import('../src/queries/check-process.js');
const checkProcess = (await import(new URL('../dist/src/queries/check-process.js', import.meta.url).href)) as CheckProcess;

const QUERIES = [
  'MATCH (n) RETURN count(n)',
  'MATCH (p:Person)-[:HAS_ACCOUNT]->(a) WHERE p.status = $s RETURN p.email, count(a) AS n ORDER BY n DESC LIMIT 5',
  'CALL db.labels() YIELD label RETURN label',
  "RETURN 'CREATE (x)' AS text, 'a // b' AS c",
  'MATCH (n) DETACH DELETE n',
  'CREATE (:Pwned)',
  'MATCH (n) SET n.x = 1 RETURN n',
  "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
  "WITH '//' AS s LOAD CSV FROM '/etc/passwd' AS row RETURN row",
  'MATCH (n) RETURN n // comment\r CREATE (:Pwned)',
  'MATCH (n)\u2014[r]\u2014>(m) RETURN count(r)',
  'MATCH (n) RETURN n /* CREATE (:Pwned) */',
  'CALL apoc.export.csv.all("x.csv", {})',
  'MATCH (n RETURN n',
  'RETRUN 1',
  '// only a comment',
  'MATCH (`a``b`) RETURN 1_000 AS n',
  "RETURN '\\u0041' AS a",
  'MATCH (n) RETURN n; CREATE (:Pwned)',
];

/** One check process from the snapshot, asked about one query: its answer as JSON, null when it gave none. */
function askSnapshot(cypher: string): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--snapshot-blob', checkProcess.SNAPSHOT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('close', (code) => resolve(code === 0 ? JSON.parse(Buffer.concat(out).toString('utf8')) : null));
    child.stdin.end(JSON.stringify({ cypher }));
  });
}

before(async () => {
  await loadCypherParser();
});

describe('the query check process', () => {
  test('the build left a snapshot for this Node.js', () => {
    assert.ok(existsSync(checkProcess.SNAPSHOT), 'dist/query-check/check.blob: run npm run build');
    assert.equal(JSON.parse(readFileSync(checkProcess.BUILT_WITH, 'utf8')).runtime, checkProcess.runtimeId());
  });

  test('judges every query as the command itself does, refusals and tricks included', async () => {
    for (const cypher of QUERIES) {
      const said = await askSnapshot(cypher);
      assert.ok(said, `no answer for ${JSON.stringify(cypher)}`);
      const { cypher: echoed, ...verdict } = said;
      assert.equal(echoed, cypher);
      assert.deepEqual(verdict, judgeQuery(cypher), JSON.stringify(cypher));
    }
  });

  test('only an approval is taken, and only once', async () => {
    checkProcess.startQueryCheck();
    assert.deepEqual(await checkProcess.earlyVerdict('MATCH (n) RETURN count(n)'), { plain: 'MATCH (n) RETURN count(n)' });
    // Taken: a second question has no process to ask.
    assert.equal(await checkProcess.earlyVerdict('MATCH (n) RETURN count(n)'), null);
    checkProcess.startQueryCheck();
    assert.equal(await checkProcess.earlyVerdict('MATCH (n) DETACH DELETE n'), null);
  });
});

describe('driftgraph query with its check process', () => {
  let db = '';
  before(() => {
    const dir = writeTree(tempDir(), {
      'manifest.json': JSON.stringify({ collectedAt: '2026-11-20T02:00:00Z' }),
      'hr/people.csv':
        'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date\n' +
        'E1,ana@example.com,Ana Silva,payments,Engineer,,GB,employee,active,2021-03-01,\n',
    });
    db = join(tempDir(), 'graph.db');
    const scan = cli(['--db', db, 'scan', '--from', dir]);
    assert.equal(scan.code, 0, scan.stderr);
  });

  test('a read runs; a write, a file read and a syntax error exit 2 with the words of the check in the command', () => {
    const read = cliFresh(['--db', db, 'query', 'MATCH (p:Person) RETURN p.email AS email', '--format', 'json']);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout), [{ email: 'ana@example.com' }]);
    for (const cypher of ['MATCH (n) DETACH DELETE n', "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", 'MATCH (n RETURN n']) {
      // The shared command-line server has no check process: the same command there is the reference.
      const fresh = cliFresh(['--db', db, 'query', cypher]);
      const reference = cli(['--db', db, 'query', cypher]);
      assert.equal(fresh.code, 2, fresh.stderr);
      assert.equal(fresh.stderr, reference.stderr);
    }
    assert.equal(cli(['--db', db, 'query', 'MATCH (p:Person) RETURN count(p) AS n', '--format', 'json']).stdout, cliFresh(['--db', db, 'query', 'MATCH (p:Person) RETURN count(p) AS n', '--format', 'json']).stdout);
  });
});

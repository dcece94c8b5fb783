// `driftgraph query` through the real command line: it only reads (no file
// reads through LOAD CSV, no writes or unlisted procedures, however hidden in
// strings and comments), harmless reads that merely look like keywords run,
// syntax errors point at their column, parameters are strings unless typed,
// and relationships print with the nodes they join.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const HEADER = 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date';
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
spec: {type: team, members: [ana]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: ana}
spec: {profile: {email: ana@example.com}, memberOf: [payments]}
`;

let db = '';
before(() => {
  const dir = writeTree(tempDir(), {
    'manifest.json': JSON.stringify({ collectedAt: '2026-11-20T02:00:00Z' }),
    'hr/people.csv': `${HEADER}\nE1,ana@example.com,Ana Silva,payments,Engineer,,GB,employee,active,2021-03-01,\nE2,00123@example.com,Bo,data,Analyst,,GB,employee,active,2021-03-01,\n`,
    'catalog/teams.yaml': CATALOG,
  });
  db = join(tempDir(), 'graph.db');
  const scan = cli(['--db', db, 'scan', '--from', dir]);
  assert.equal(scan.code, 0, scan.stderr);
});

const query = (...args: string[]) => cli(['--db', db, 'query', ...args]);

function count(cypher: string): number {
  const r = query(cypher, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  return Number(JSON.parse(r.stdout)[0].n);
}

describe('query reads and nothing else', () => {
  test("LOAD CSV hidden behind '//' in a string is refused and reads no file (exit 2)", () => {
    const secret = join(tempDir(), 'secret.csv');
    writeFileSync(secret, 'SENTINEL-7d1f,line\n');
    for (const cypher of [
      `WITH '//' AS s LOAD CSV FROM '${secret}' AS row RETURN row`,
      `WITH '//' AS s LOAD CSV FROM 'file://${secret}' AS row RETURN row`,
      `MATCH (p:Person) WITH p LIMIT 1 /* ' */ LOAD CSV WITH HEADERS FROM '${secret}' AS row RETURN row`,
    ]) {
      const r = query(cypher);
      assert.equal(r.code, 2, `${cypher}\n${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /SENTINEL-7d1f/);
      assert.match(r.stderr, /LOAD CSV would read a file/);
    }
  });

  test('writes are refused by clause, wherever they hide (exit 2, nothing written)', () => {
    const cases: [string, RegExp][] = [
      ["WITH '//' AS s CREATE (n:X) RETURN n", /CREATE/],
      ["MATCH (p:Person) WITH p, '/*' AS a SET p.x = 1 RETURN '*/'", /SET/],
      ["MATCH (p:Person) CALL (p) { MERGE (p)-[:X]->(x:X) RETURN x } RETURN x", /MERGE/],
      ['MATCH (p:Person) FOREACH (x IN [1] | REMOVE p.email)', /FOREACH/],
      ['MATCH (p:Person) DETACH DELETE p', /DELETE/],
      ['CALL { MATCH (p:Person) RETURN p } IN TRANSACTIONS RETURN 1 AS one', /IN TRANSACTIONS/],
      ['CREATE INDEX x FOR (n:Person) ON (n.hr_x)', /administration/],
    ];
    for (const [cypher, why] of cases) {
      const r = query(cypher);
      assert.equal(r.code, 2, `${cypher}\n${r.stderr}`);
      assert.match(r.stderr, /read-only/);
      assert.match(r.stderr, why, cypher);
    }
    assert.equal(count('MATCH (n:X) RETURN count(n) AS n'), 0);
    assert.equal(count('MATCH (p:Person) WHERE p.email IS NOT NULL RETURN count(p) AS n'), 2);
  });

  test('a procedure off the read-only list is refused by name (exit 2); a listed one runs', () => {
    const r = query("WITH '//' AS s CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value");
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /procedure apoc\.load\.json is not on the read-only list/);
    const fn = query("RETURN apoc.cypher.runFirstColumnSingle('RETURN 1', {}) AS x");
    assert.equal(fn.code, 2, fn.stderr);
    assert.match(fn.stderr, /plug-in function/);
    const labels = query('CALL db.labels() YIELD label RETURN label ORDER BY label', '--format', 'json');
    assert.equal(labels.code, 0, labels.stderr);
    assert.ok((JSON.parse(labels.stdout) as { label: string }[]).some((l) => l.label === 'Person'));
  });

  test('harmless reads that only look like keywords run', () => {
    const r = query(
      "MATCH (p:Person) // Ana's team: no CREATE here\nWHERE p.email <> '//' AND p.title <> 'Set up; DELETE' " +
        "RETURN p.drop AS drop, p.call AS call, p.email AS email, '/* LOAD CSV */' AS note ORDER BY email",
      '--format',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { email: string }[]).map((x) => x.email),
      ['00123@example.com', 'ana@example.com'],
    );
  });
});

describe('query errors and values', () => {
  test('a syntax error exits 2 with the line and a caret under the column', () => {
    const r = query("MATCH (p:Person)\nWHERE p.email = 'x' RETRUN p.email");
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l === "  WHERE p.email = 'x' RETRUN p.email");
    assert.ok(at > 0, r.stderr);
    assert.match(lines[0]!, /line 2, column 21: Invalid input 'RETRUN'/);
    assert.equal(lines[at + 1], ' '.repeat(2 + 20) + '^', 'the caret is under RETRUN');
  });

  test('parameters are strings unless typed; --param-json takes JSON; a bad typed value exits 2', () => {
    const q = 'MATCH (p:Person) WHERE p.email STARTS WITH $e RETURN p.email AS email, $n AS n, $f AS f, $b AS b, $j AS j';
    const r = query(q, '--param', 'e=00123', '--param', 'n:int=5', '--param', 'f:float=0.5', '--param', 'b:bool=true', '--param-json', 'j=[1,"x"]', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ email: '00123@example.com', n: 5, f: 0.5, b: true, j: [1, 'x'] }]);
    const asText = query('RETURN $v AS v, $t AS t', '--param', 'v=00123', '--param', 't=true', '--format', 'json');
    assert.deepEqual(JSON.parse(asText.stdout), [{ v: '00123', t: 'true' }]);
    for (const bad of [['--param', 'n:int=5x'], ['--param', 'n:bool=yes'], ['--param', 'n:date=1'], ['--param-json', 'j=[1,'], ['--param', 'no-equals']]) {
      const b = query('RETURN 1 AS one', ...bad);
      assert.equal(b.code, 2, `${bad.join(' ')}: ${b.stderr}`);
    }
  });

  test('a relationship prints with its end nodes in JSON, table and CSV', () => {
    const q = "MATCH (p:Person {email: 'ana@example.com'})-[m:MEMBER_OF]->(t:Team) RETURN m";
    const json = query(q, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    const m = (JSON.parse(json.stdout) as { m: Record<string, { key: string; _labels: string[] }> }[])[0]!.m;
    assert.equal(m._type as unknown, 'MEMBER_OF');
    assert.equal(m._start!.key, 'hr::person:E1');
    assert.ok(m._start!._labels.includes('Person'));
    assert.ok(m._end!._labels.includes('Team'));
    const team = m._end!.key;
    const shown = `(:Person {"key":"hr::person:E1"})-[:MEMBER_OF`;
    const table = query(q);
    assert.ok(table.stdout.includes(shown) && table.stdout.includes(`->(:Team {"key":"${team}"})`), table.stdout);
    const csv = query(q, '--format', 'csv');
    assert.ok(csv.stdout.includes(`(:Person {""key"":""hr::person:E1""})-[:MEMBER_OF`), csv.stdout);
    assert.ok(csv.stdout.includes(`->(:Team {""key"":""${team}""})`), csv.stdout);
  });
});

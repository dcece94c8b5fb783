// The foundation's promises, through the real command line on the embedded
// store: HR and catalog load, re-scans are idempotent, a broken file fails
// only its own source and loses nothing, queries are read-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { silentProgress } from '../src/util/progress.js';
import { hrConnector } from '../connectors/hr/index.js';
import { notBuiltConnector } from '../connectors/not-built.js';

const HEADER = 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date';
const PEOPLE = [
  'E1,ana@example.com,Ana Silva,payments,Engineer,,GB,employee,active,2021-03-01,',
  'E2,bo@example.com,Bo Chen,payments,Engineer,ana@example.com,GB,employee,active,2022-01-10,',
  'E3,cy@example.com,Cy Park,data,Analyst,ana@example.com,US,contractor,terminated,2023-05-01,2026-10-01',
  'E4,di@example.com,Di Okafor,data,Manager,,NG,employee,leave,2020-07-01,',
  'E5,ed@example.com,Ed Novak,security,Engineer,di@example.com,DE,employee,active,2024-02-01,',
];
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
spec: {type: team, members: [ana, bo]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: ana}
spec: {profile: {email: ana@example.com}, memberOf: [payments]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: payments-api}
spec: {type: service, owner: payments, lifecycle: production}
`;

function snapshot(people = PEOPLE): string {
  return writeTree(tempDir(), {
    'manifest.json': JSON.stringify({ collectedAt: '2026-11-20T02:00:00Z' }),
    'hr/people.csv': [HEADER, ...people].join('\n') + '\n',
    'catalog/teams.yaml': CATALOG,
  });
}

function count(db: string, cypher: string): number {
  const r = cli(['--db', db, 'query', cypher, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return Number(JSON.parse(r.stdout)[0].n);
}

test('an hr + catalog snapshot loads every HR row as a Person', () => {
  const db = join(tempDir(), 'graph.db');
  const scan = cli(['--db', db, 'scan', '--from', snapshot()]);
  assert.equal(scan.code, 0, scan.stderr);
  assert.match(scan.stdout, /hr\s+loaded/);
  assert.match(scan.stdout, /catalog\s+loaded/);
  assert.match(scan.stdout, /aws\s+not-scanned/);
  assert.equal(count(db, 'MATCH (p:Person) RETURN count(p) AS n'), PEOPLE.length);
  assert.equal(count(db, 'MATCH (s:Service) RETURN count(s) AS n'), 1);
  assert.equal(count(db, "MATCH (p:Person)-[:MEMBER_OF]->(t:Team) WHERE p.email = 'ana@example.com' RETURN count(t) AS n"), 1);
});

test('scanning the same snapshot twice leaves the same node and relationship counts', () => {
  const db = join(tempDir(), 'graph.db');
  const dir = snapshot();
  assert.equal(cli(['--db', db, 'scan', '--from', dir]).code, 0);
  const nodes = count(db, 'MATCH (n) RETURN count(n) AS n');
  const rels = count(db, 'MATCH ()-[r]->() RETURN count(r) AS n');
  assert.equal(cli(['--db', db, 'scan', '--from', dir]).code, 0);
  assert.equal(count(db, 'MATCH (n) RETURN count(n) AS n'), nodes);
  assert.equal(count(db, 'MATCH ()-[r]->() RETURN count(r) AS n'), rels);
});

test('a broken people.csv row fails hr only: exit 1, file and line named, catalog loaded, earlier HR kept', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', snapshot()]).code, 0);
  const broken = snapshot([...PEOPLE.slice(0, 2), 'E6,fi@example.com,Fi,data,,,,employee,active,not-a-date,']);
  const scan = cli(['--db', db, 'scan', '--from', broken, '--now', '2026-11-27T02:00:00Z']);
  assert.equal(scan.code, 1);
  assert.match(scan.stdout + scan.stderr, /hr\/people\.csv/);
  assert.match(scan.stdout + scan.stderr, /line 4/);
  assert.match(scan.stdout, /catalog\s+loaded/);
  assert.equal(count(db, 'MATCH (p:Person) WHERE p.removedAt IS NULL RETURN count(p) AS n'), PEOPLE.length);
  assert.equal(count(db, "MATCH (p:Person {employeeId: 'E6'}) RETURN count(p) AS n"), 0);
});

test('a person no longer in a complete HR load is marked removed, not deleted', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', snapshot()]).code, 0);
  assert.equal(cli(['--db', db, 'scan', '--from', snapshot(PEOPLE.slice(1)), '--now', '2026-11-27T02:00:00Z']).code, 0);
  assert.equal(count(db, "MATCH (p:Person {employeeId: 'E1'}) WHERE p.removedAt IS NOT NULL RETURN count(p) AS n"), 1);
});

test('a source left out by --sources is not scanned and keeps what it loaded', () => {
  const db = join(tempDir(), 'graph.db');
  const dir = snapshot();
  assert.equal(cli(['--db', db, 'scan', '--from', dir]).code, 0);
  const scan = cli(['--db', db, 'scan', '--from', snapshot(PEOPLE.slice(0, 1)), '--sources', 'catalog']);
  assert.equal(scan.code, 0, scan.stderr);
  assert.match(scan.stdout, /hr\s+not-scanned/);
  assert.equal(count(db, 'MATCH (p:Person) WHERE p.removedAt IS NULL RETURN count(p) AS n'), PEOPLE.length);
});

test('a source whose connector is not built fails with a message that says so', async () => {
  // A registry of its own, so the test holds whichever connectors are built.
  const dir = snapshot();
  writeTree(dir, { 'acme/tenant-1/users.json': '[]' });
  const store = await openEmbeddedStore(join(tempDir(), 'g.db'));
  try {
    await ensureSchema(store);
    const result = await runScan(store, {
      registry: [hrConnector, notBuiltConnector('acme', 'Acme')],
      snapshotDir: dir,
      config: {},
      exceptions: [],
      progress: silentProgress,
    });
    assert.equal(result.exitCode, 1);
    const acme = result.outcomes.find((o) => o.source === 'acme')!;
    assert.equal(acme.status, 'failed');
    assert.match(acme.errors.join('\n'), /acme: the Acme connector is not built yet/);
    assert.equal(result.outcomes.find((o) => o.source === 'hr')!.status, 'loaded');
  } finally {
    await store.close();
  }
});

test('query is read-only: a write exits 2 with a clear message', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', snapshot()]).code, 0);
  const r = cli(['--db', db, 'query', 'CREATE (n:X) RETURN n']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /read-only/);
  assert.equal(count(db, 'MATCH (n:X) RETURN count(n) AS n'), 0);
});

test('query prints JSON and CSV, and takes parameters', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', snapshot()]).code, 0);
  const q = 'MATCH (p:Person) WHERE p.department = $d RETURN p.email AS email ORDER BY email';
  const json = cli(['--db', db, 'query', q, '--param', 'd=payments', '--format', 'json']);
  assert.deepEqual(JSON.parse(json.stdout), [{ email: 'ana@example.com' }, { email: 'bo@example.com' }]);
  const csv = cli(['--db', db, 'query', q, '--param', 'd=payments', '--format', 'csv']);
  assert.equal(csv.stdout, 'email\nana@example.com\nbo@example.com\n');
});

test('bad usage and bad config exit 2 and name the problem', () => {
  const dir = tempDir();
  assert.equal(cli(['scan', '--from', join(dir, 'missing')], { cwd: dir }).code, 2);
  assert.equal(cli(['scan', '--sources', 'nope'], { cwd: dir }).code, 2);
  writeTree(dir, { 'driftgraph.yaml': 'rules:\n  stale-credential:\n    staleDays: ninety\n' });
  const r = cli(['scan', '--from', snapshot()], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /rules\.stale-credential\.staleDays/);
  assert.equal(cli(['--help']).code, 0);
});

// `npm start` writes the demo into .driftgraph/demo.db; the first commands a
// newcomer types next, with no --db, read that store (and say so on stderr)
// rather than fail on a graph.db that does not exist. A scan never writes
// into the demo's store: it creates graph.db, and from then on every command
// reads graph.db with nothing said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { startCli } from './helpers/cli-process.js';
import { DEMO_ESTATE } from './helpers/scheduler.js';

test('after npm start, findings, query, person, runs and serve read .driftgraph/demo.db and say so; a scan still writes graph.db', async () => {
  const dir = tempDir('driftgraph-demo-default-');
  const demo = cli(['demo'], { cwd: dir });
  assert.equal(demo.code, 0, demo.stderr);
  assert.ok(existsSync(join(dir, '.driftgraph', 'demo.db')));
  assert.ok(!existsSync(join(dir, '.driftgraph', 'graph.db')));

  const findings = cli(['findings', '--format', 'json'], { cwd: dir });
  assert.equal(findings.code, 0, findings.stderr);
  const demoFindings = JSON.parse(findings.stdout) as unknown[];
  assert.ok(demoFindings.length > 0, 'the demo findings');
  assert.match(findings.stderr, /no \.driftgraph\/graph\.db here; reading the demo's store \.driftgraph\/demo\.db/);
  // The same as naming the demo's store.
  const named = cli(['--db', '.driftgraph/demo.db', 'findings', '--format', 'json'], { cwd: dir });
  assert.deepEqual(JSON.parse(named.stdout), demoFindings);
  assert.equal(named.stderr, '');

  const query = cli(['query', 'MATCH (p:Person) RETURN count(p) AS people', '--format', 'json'], { cwd: dir });
  assert.equal(query.code, 0, query.stderr);
  assert.ok((JSON.parse(query.stdout) as { people: number }[])[0]!.people > 0);
  assert.equal(cli(['person', 'ethan.clarke@northwind.example'], { cwd: dir }).code, 0);
  assert.equal(cli(['runs'], { cwd: dir }).code, 0);
  // serve shows the demo's store, says so once, and its pages read it.
  const serve = startCli(['serve', '--port', '0'], { cwd: dir });
  try {
    const open = await serve.waitForLine('the address', (l) => /^open http/.test(String(l.text)));
    assert.ok(serve.lines.some((l) => l.text === 'driftgraph web view (read-only) over .driftgraph/demo.db'), JSON.stringify(serve.lines));
    const api = await fetch(new URL('api/findings', String(open.text).slice(5)));
    assert.equal(api.status, 200);
    assert.equal(((await api.json()) as unknown[]).length, demoFindings.length);
    assert.equal(serve.stderr().match(/reading the demo's store/g)?.length, 1, serve.stderr());
  } finally {
    serve.child.kill('SIGKILL');
  }

  // compact writes: it does not fall back, and says where the demo's store is.
  const compact = cli(['compact'], { cwd: dir });
  assert.equal(compact.code, 2);
  assert.match(compact.stderr, /no graph database at \.driftgraph\/graph\.db yet.*--db \.driftgraph\/demo\.db/);

  // A scan without --db writes graph.db, never the demo's file; then graph.db is read, with nothing said.
  const demoFile = statSync(join(dir, '.driftgraph', 'demo.db'));
  const scan = cli(['-q', 'scan', '--from', DEMO_ESTATE, '--sources', 'hr'], { cwd: dir });
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);
  assert.ok(existsSync(join(dir, '.driftgraph', 'graph.db')));
  const after = cli(['findings', '--format', 'json'], { cwd: dir });
  assert.equal(after.code, 0, after.stderr);
  assert.doesNotMatch(after.stderr, /demo/);
  const unchanged = statSync(join(dir, '.driftgraph', 'demo.db'));
  assert.deepEqual([unchanged.size, unchanged.mtimeMs], [demoFile.size, demoFile.mtimeMs], 'the demo store was not written');
});

// driftgraph's own work is not bound by an analyst's time limit (issue 29):
// with analystQueries set to 1 ms for both `query` and the console, a scan
// and the report still complete, while `query` itself is stopped. A failing
// internal statement names its step and its query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir } from './helpers/cli.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { withStep } from '../src/graph/internal-query-error.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));

test('with a 1 ms analyst limit, scan and report complete; query does not', () => {
  const dir = tempDir('driftgraph-internal-');
  const db = join(dir, 'graph.db');
  const config = join(dir, 'driftgraph.yaml');
  writeFileSync(config, 'analystQueries:\n  query: {timeoutSeconds: 0.001}\n  console: {timeoutSeconds: 0.001}\n');
  const scan = cli(['--db', db, '--config', config, '-q', 'scan', '--from', DEMO]);
  assert.equal(scan.code, 0, scan.stderr);
  const out = join(dir, 'report');
  const report = cli(['--db', db, '--config', config, 'report', '--out', out, '--format', 'json']);
  assert.equal(report.code, 0, report.stderr);
  const figures = JSON.parse(report.stdout) as { findings: { open: { total: number } } };
  assert.ok(figures.findings.open.total > 0, 'the report counted the open findings');
  assert.ok(existsSync(out), 'the report files were written');
  const query = cli(['--db', db, '--config', config, 'query', 'MATCH (a),(b),(c),(d) RETURN count(*) AS n']);
  assert.equal(query.code, 1, query.stderr);
  assert.match(query.stderr, /analystQueries\.query\.timeoutSeconds/);
});

test('a failing internal statement names the step and the query', async () => {
  const store = await openEmbeddedStore(join(tempDir('driftgraph-internal-'), 'graph.db'));
  try {
    await assert.rejects(withStep(store, 'the report').read('UNWIND [1, 0] AS d\nRETURN 10 / d AS q'), (e: Error) => {
      assert.equal(e.name, 'InternalQueryError');
      assert.match(e.message, /^the report failed: the query "UNWIND \[1, 0\] AS d": .*division/i);
      return true;
    });
  } finally {
    await store.close();
  }
});

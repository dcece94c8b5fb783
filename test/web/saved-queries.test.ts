// The analysts' library: at least 20 saved queries, each with a header that
// says what it answers and its parameters, each runnable by `query --file`
// (with its example parameters) over the demo estate. Their Cypher is linted
// with the rules by test/cypher-lint.test.ts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSavedQueries, SAVED_DIR } from '../../src/queries/saved-queries.js';
import { cli } from '../helpers/cli.js';
import { DEMO, scanned } from './web-helpers.js';

let db: string;
before(() => {
  db = scanned(DEMO);
});

test('there are at least 20 saved queries, each saying what it answers and its parameters', async () => {
  const saved = await readSavedQueries();
  assert.ok(saved.length >= 20, `${saved.length} saved queries`);
  assert.equal(new Set(saved.map((q) => q.name)).size, saved.length, 'names are unique');
  for (const q of saved) {
    assert.ok(q.title && q.title !== q.name, `${q.file}: title`);
    assert.ok(q.description.length > 30, `${q.file}: description`);
    assert.match(q.cypher, /^\/\/ params: /m, `${q.file}: a params line, "(none)" when there are none`);
    const used = [...new Set([...q.cypher.replace(/^\/\/.*$/gm, '').matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]!))].sort();
    assert.deepEqual([...q.params].sort(), used, `${q.file}: the params line names the parameters the query uses`);
    for (const p of q.params) assert.ok(p in q.example, `${q.file}: an example value for $${p}`);
  }
});

test('every saved query runs with `driftgraph query --file` and its example parameters', async () => {
  const saved = await readSavedQueries();
  let withRows = 0;
  // These read what a scan alone never writes (revocations sent and approved,
  // review campaigns): on the demo estate they run and answer nothing.
  const needsActivity = ['report-revocation-actions.cypher', 'report-revocation-approvals.cypher', 'report-review-campaigns.cypher'];
  for (const q of saved) {
    const params = Object.entries(q.example).flatMap(([k, v]) => (typeof v === 'string' ? ['--param', `${k}=${v}`] : ['--param-json', `${k}=${JSON.stringify(v)}`]));
    // One command-line process answers them all (test/helpers/cli-server.mjs): the query parser loads once.
    const r = cli(['--db', db, 'query', '--file', `${SAVED_DIR}${q.file}`, ...params, '--format', 'json']);
    assert.equal(r.code, 0, `${q.file}: ${r.stderr}`);
    if ((JSON.parse(r.stdout) as unknown[]).length > 0 || needsActivity.includes(q.file)) withRows++;
  }
  // Over the demo estate each of the others finds something: a query that never answers is a broken query.
  assert.equal(withRows, saved.length);
  assert.ok(needsActivity.every((f) => saved.some((q) => q.file === f)), 'every query listed as needing activity still exists');
});

// Data freshness: a source that failed in the latest scan is named first and
// loudly, with its last complete load; no scan at all is a warning and exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { cli, tempDir, writeTree } from '../helpers/cli.js';
import { writeEstate, type Estate } from '../helpers/estate.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runReportJob } from '../../reports/index.js';

// These estates are dated weeks before the wall clock: the STALE DATA warning (test/data-age.test.ts) is not what this file tests.
const notStale = (w: string) => !w.startsWith('STALE DATA');

const estate = (now: string, accounts = ['111111111111']): Estate => ({
  collectedAt: now,
  people: [{ id: 'E1', name: 'Ana' }],
  aws: accounts.map((id) => ({ id, root: { mfa: true }, users: [{ name: 'ana', password: true, mfa: true, passwordLastUsed: now, tags: { email: 'e1@example.com' } }] })),
});

test('a source that failed in the latest scan: a warning naming it, its last complete load, listed first', async () => {
  const root = tempDir('driftgraph-fresh-');
  const db = join(root, 'graph.db');
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate('2026-11-13T02:00:00Z'), root)]).code, 0);
  const broken = await writeEstate(estate('2026-11-20T02:00:00Z'), root);
  writeTree(broken, { 'aws/111111111111/access-keys.json': '[{"UserName": ' });
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', broken]).code, 1);

  const out = join(root, 'out');
  const r = cli(['--db', db, 'report', '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, 'the report itself was written');
  const report = JSON.parse(r.stdout);
  assert.equal(report.sources[0].source, 'aws');
  assert.equal(report.sources[0].status, 'failed');
  assert.equal(report.sources[0].lastLoaded, '2026-11-13T02:00:00.000Z');
  assert.equal(report.sources.find((s: { source: string }) => s.source === 'hr').lastLoaded, '2026-11-20T02:00:00.000Z');
  assert.equal(report.warnings.filter(notStale).length, 1, JSON.stringify(report.warnings));
  assert.match(report.warnings[0], /^SOURCE FAILED: aws .*last complete load 2026-11-13T02:00:00\.000Z.*access-keys\.json/);

  const text = cli(['--db', db, 'report', '--out', out]);
  assert.match(text.stdout.split('\n')[0]!, /^WARNING SOURCE FAILED: aws/);
  const html = readFileSync(join(out, 'drift-report-2026-11-20.html'), 'utf8');
  assert.ok(html.indexOf('SOURCE FAILED: aws') > 0 && html.indexOf('SOURCE FAILED: aws') < html.indexOf('Open findings'));
  assert.match(html, /<strong[^>]*>FAILED<\/strong>/);
});

test('one account of two failed: the source is partial, the account named with its error and last complete load', async () => {
  const root = tempDir('driftgraph-fresh-');
  const db = join(root, 'graph.db');
  const both = ['111111111111', '222222222222'];
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate('2026-11-13T02:00:00Z', both), root)]).code, 0);
  const broken = await writeEstate(estate('2026-11-20T02:00:00Z', both), root);
  writeTree(broken, { 'aws/111111111111/access-keys.json': '[{"UserName": ' });
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', broken]).code, 1);

  const r = cli(['--db', db, 'report', '--format', 'json', '--out', join(root, 'out')]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  const aws = report.sources[0];
  assert.equal(aws.source, 'aws');
  assert.equal(aws.status, 'partial');
  assert.deepEqual(
    aws.containers.map((c: { container: string; status: string; lastLoaded: string }) => [c.container, c.status, c.lastLoaded]),
    [['111111111111', 'failed', '2026-11-13T02:00:00.000Z'], ['222222222222', 'loaded', '2026-11-20T02:00:00.000Z']],
  );
  assert.equal(report.warnings.filter(notStale).length, 1, JSON.stringify(report.warnings));
  assert.match(report.warnings[0], /^CONTAINER FAILED: aws 111111111111 .*last complete load 2026-11-13T02:00:00\.000Z.*access-keys\.json/);
});

test('no scan at all: the job says so first and exits 1', async () => {
  const root = tempDir('driftgraph-fresh-');
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const result = await runReportJob(store, { out: join(root, 'out') });
    assert.equal(result.exitCode, 1);
    assert.match(result.figures.warnings[0]!, /^NO SCAN HAS RUN/);
    assert.equal(result.figures.findings.open.total, 0);
    assert.match(result.summary.split('\n')[0]!, /^WARNING NO SCAN HAS RUN/);
  } finally {
    await store.close();
  }
});

// Issue 21 case 6: old data is not presented as new. The report, the web
// view's header and `tickets` say how old the latest scan is and warn past
// staleAfterHours (default 36); the scheduler's report job does not mail
// stale figures. Estates are dated against the wall clock (3 days ago, one
// hour ago), so the test does not depend on when it runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from '../helpers/cli.js';
import { writeEstate } from '../helpers/estate.js';
import type { RunningServer } from '../../src/web/server.js';
import { serve } from '../web/web-helpers.js';

const servers: RunningServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function scannedAgo(hours: number): Promise<{ dir: string; db: string }> {
  const dir = tempDir('driftgraph-age-');
  const collectedAt = new Date(Date.now() - hours * 3_600_000).toISOString();
  const estate = await writeEstate({ collectedAt, people: [{ id: 'E1' }] }, dir);
  const db = join(dir, 'g.db');
  const r = cli(['--db', db, '-q', 'scan', '--from', estate], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return { dir, db };
}

const TICKETS = 'tickets:\n  webhook: {url: "http://127.0.0.1:9/hook"}\n  routes:\n    - {sink: webhook}\n';

test('a scan three days old: report, tickets and the web header say its age and warn', async () => {
  const { dir, db } = await scannedAgo(72 + 2);
  const json = cli(['--db', db, 'report', '--format', 'json', '--out', join(dir, 'out')], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  const figures = JSON.parse(json.stdout);
  assert.equal(figures.latestScan.ageHours, 74);
  assert.equal(figures.latestScan.stale, true);
  assert.ok(figures.warnings.some((w: string) => /^STALE DATA: the latest scan is 3 days old .*older than staleAfterHours \(36 h\): these are not last night's figures/.test(w)), figures.warnings);
  const text = cli(['--db', db, 'report', '--out', join(dir, 'out')], { cwd: dir });
  assert.match(text.stdout, /^WARNING STALE DATA: the latest scan is 3 days old/m);
  assert.match(text.stdout, /data as of .*: 3 days old/);

  writeTree(dir, { 'driftgraph.yaml': TICKETS });
  const t = cli(['--db', db, 'tickets', '--dry-run'], { cwd: dir });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /findings as of scan \S+ \(3 days old\)/);
  assert.match(t.stdout, /WARNING STALE DATA/);

  const server = await serve(db);
  servers.push(server);
  const page = await (await fetch(`http://127.0.0.1:${server.port}/`)).text();
  assert.match(page, /<span class="asof stale" role="alert"><strong>STALE DATA<\/strong> \(older than 36 h\): as of scan \S+ \(3 days old\)/);

  // staleAfterHours moves the line.
  writeTree(dir, { 'relaxed.yaml': 'staleAfterHours: 100\n' });
  const relaxed = cli(['--db', db, '--config', join(dir, 'relaxed.yaml'), 'report', '--format', 'json', '--out', join(dir, 'out')], { cwd: dir });
  assert.equal(JSON.parse(relaxed.stdout).latestScan.stale, false);
});

test('a scan an hour old is not stale', async () => {
  const { dir, db } = await scannedAgo(1);
  const text = cli(['--db', db, 'report', '--out', join(dir, 'out')], { cwd: dir });
  assert.equal(text.code, 0, text.stderr);
  assert.doesNotMatch(text.stdout, /STALE/);
  assert.match(text.stdout, /data as of .*: 1 hour old/);
  const server = await serve(db);
  servers.push(server);
  const page = await (await fetch(`http://127.0.0.1:${server.port}/`)).text();
  assert.match(page, /<span class="asof">as of scan \S+ \(1 hour old\)/);
});

test("the scheduler's report job does not mail stale figures: it fails and says why", async () => {
  const { dir, db } = await scannedAgo(72);
  // Nothing listens on port 9: a mail attempt would fail with a connection error, not the stale refusal.
  writeTree(dir, {
    'driftgraph.yaml': 'report:\n  email:\n    from: driftgraph@acme.example\n    to: [security@acme.example]\n    smtp: {host: 127.0.0.1, port: 9, secure: false}\nschedule:\n  report: {out: out}\n',
  });
  const r = cli(['--db', db, 'schedule', '--once', 'report'], { cwd: dir });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /not mailed: STALE DATA: the latest scan is 3 days old/);
  assert.doesNotMatch(r.stdout + r.stderr, /ECONNREFUSED/);
});

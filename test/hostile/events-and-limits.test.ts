// Issue 21 case 10 and issue 28 class 2, through the command line: an event
// log skips an unreadable event (Okta's own published example has one dated
// 2017-09-31) and counts it, failing only past maxBadEventShare; a value no
// provider field holds, or that the store would refuse, fails its container
// before anything of it is written, naming the file (or the container).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from '../helpers/cli.js';
import { logEvent } from '../helpers/estate-saas.js';

const NOW = '2026-11-20T02:00:00Z';

function oktaLog(good: number, bad: number): string {
  const events: unknown[] = [];
  for (let i = 0; i < good; i++) events.push(logEvent({ email: `p${i}@example.com`, time: '2026-11-19T10:00:00Z', country: 'Spain' }));
  for (let i = 0; i < bad; i++) {
    // As in Okta's published System Log example: a date that does not exist.
    const e = logEvent({ email: `bad${i}@example.com`, time: '2026-11-19T10:00:00Z', country: 'Spain' }) as Record<string, unknown>;
    e.published = '2017-09-31T22:32:42.000Z';
    events.push(e);
  }
  return JSON.stringify(events);
}

function snapshot(files: Record<string, string>): string {
  return writeTree(tempDir(), { 'manifest.json': JSON.stringify({ collectedAt: NOW }), ...files });
}

test('an unreadable event is skipped and counted, with its file and position; the source still loads', () => {
  const snap = snapshot({ 'okta/system-log.json': oktaLog(150, 1) });
  const r = cli(['--db', join(snap, 'g.db'), 'scan', '--from', snap]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /okta +loaded/);
  assert.match(r.stdout, /okta\/system-log\.json at \$\[150\]\.published: unreadable event skipped \(published is not an ISO 8601 timestamp/);
  assert.match(r.stdout, /okta: 1 of 151 events skipped as unreadable \(within maxBadEventShare 0\.01\)/);
});

test('past maxBadEventShare the source fails naming the first bad event; the config can raise the share', () => {
  const snap = snapshot({ 'okta/system-log.json': oktaLog(8, 2) });
  const r = cli(['--db', join(snap, 'g.db'), 'scan', '--from', snap]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /okta\/system-log\.json at \$\[8\]\.published: 2 of 10 events are unreadable, more than maxBadEventShare 0\.01/);

  writeTree(snap, { 'driftgraph.yaml': 'maxBadEventShare: 0.25\n' });
  const raised = cli(['--db', join(snap, 'g2.db'), '--config', join(snap, 'driftgraph.yaml'), 'scan', '--from', snap]);
  assert.equal(raised.code, 0, raised.stdout + raised.stderr);
  assert.match(raised.stdout, /okta: 2 of 10 events skipped as unreadable \(within maxBadEventShare 0\.25\)/);
});

test('a 2 MB login in members.json fails its org naming the file and path; nothing of it is written', () => {
  const snap = snapshot({
    'github/acme/members.json': JSON.stringify([{ login: 'ana', id: 1 }, { login: 'x'.repeat(2 * 1024 * 1024), id: 2 }]),
  });
  const db = join(snap, 'g.db');
  const r = cli(['--db', db, 'scan', '--from', snap]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /github\/acme\/members\.json at \$\[1\]\.login: a text value of 2097152 characters, more than the 1048576 any provider field holds/);
  const nodes = JSON.parse(cli(['--db', db, 'query', "MATCH (n:Entity) WHERE n.source = 'github' RETURN count(n) AS n", '--format', 'json']).stdout);
  assert.deepEqual(nodes, [{ n: 0 }]);
});

test('an event with a value no provider writes (2 MB) is unreadable: skipped and counted, or past the share, failing the source', () => {
  const events = JSON.parse(oktaLog(3, 0)) as { client: Record<string, unknown> }[];
  events[2]!.client.userAgent = { rawUserAgent: 'a'.repeat(2 * 1024 * 1024) };
  const snap = snapshot({ 'okta/system-log.json': JSON.stringify(events) });
  const r = cli(['--db', join(snap, 'g.db'), 'scan', '--from', snap]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /okta\/system-log\.json at \$\[2\]\.client\.userAgent\.rawUserAgent: 1 of 3 events are unreadable/);
});

// Issue 21 case 5: accepted risks must not reopen silently. A scan that reads
// no exceptions file (another folder, a path that moved) while the store
// holds excepted findings is refused, naming the path it looked at, unless
// --no-exceptions says the risks are meant to reopen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const KEY = 'AKIAMYXGFJLMQ2AINPDF';

function statusOfKey(db: string, cwd: string): string {
  const r = cli(['--db', db, 'findings', '--status', 'all', '--rule', 'stale-credential', '--format', 'json'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { subject: { id: string }; status: string }[]).find((f) => f.subject.id === KEY)!.status;
}

test('a scan from another folder is refused, naming the exceptions path; --no-exceptions reopens on purpose', () => {
  const home = tempDir('driftgraph-home-');
  writeTree(home, {
    'exceptions.yaml': `- rule: stale-credential\n  subject: ${KEY}\n  reason: break-glass key kept offline\n  approvedBy: ciso@northwind.example\n  expires: 2026-12-31\n`,
  });
  const db = join(home, 'graph.db');
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', DEMO], { cwd: home }).code, 0);
  assert.equal(statusOfKey(db, home), 'excepted');

  const elsewhere = join(home, 'elsewhere');
  mkdirSync(elsewhere);
  const r = cli(['--db', db, '-q', 'scan', '--from', DEMO], { cwd: elsewhere });
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /the store holds 1 accepted risk\(s\) \(excepted findings\), but there is no exceptions file at \S*elsewhere\/exceptions\.yaml/);
  assert.match(r.stderr, /--no-exceptions/);
  assert.equal(statusOfKey(db, home), 'excepted', 'the refused scan changed nothing');

  const meant = cli(['--db', db, '-q', 'scan', '--from', DEMO, '--no-exceptions'], { cwd: elsewhere });
  assert.equal(meant.code, 0, meant.stderr);
  assert.match(meant.stdout, /WARNING --no-exceptions: 1 accepted risk\(s\) the store held were scanned without their exceptions/);
  assert.equal(statusOfKey(db, home), 'open');
});

test('an exceptionsFile that moved is refused the same way, naming the path', () => {
  const home = tempDir('driftgraph-moved-');
  writeTree(home, {
    'risk/accepted.yaml': `- rule: stale-credential\n  subject: ${KEY}\n  reason: r\n  approvedBy: ciso@northwind.example\n  expires: 2026-12-31\n`,
    'driftgraph.yaml': 'exceptionsFile: risk/accepted.yaml\n',
  });
  const db = join(home, 'graph.db');
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', DEMO], { cwd: home }).code, 0);
  // The config no longer names the file (a colleague's copy, an edit): the default path holds nothing.
  writeTree(home, { 'driftgraph.yaml': 'lockWaitSeconds: 10\n' });
  const r = cli(['--db', db, '-q', 'scan', '--from', DEMO], { cwd: home });
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, new RegExp(`no exceptions file at ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/exceptions\\.yaml \\(exceptionsFile in driftgraph\\.yaml`));
});

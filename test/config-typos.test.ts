// Config typos are errors naming the key (exit 2, with the closest name),
// never silently ignored settings; a column map that matches nothing fails
// HR naming the column instead of loading people with no emails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));

function scanWith(config: string) {
  const dir = tempDir();
  writeTree(dir, { 'driftgraph.yaml': config });
  return cli(['--db', join(dir, 'g.db'), 'scan', '--from', DEMO], { cwd: dir });
}

test('a misspelled rule id, threshold, column or source key is exit 2 naming it', () => {
  const cases: [string, RegExp][] = [
    ['rules:\n  stale-credentials: {staleDays: 60}\n', /rules\.stale-credentials: no such rule; did you mean "stale-credential"\?/],
    ['rules:\n  stale-credential: {staleDay: 60}\n', /rules\.stale-credential\.staleDay: .*did you mean "staleDays"\?/],
    ['hr:\n  columns: {emial: "Work Email"}\n', /hr\.columns\.emial: no column "emial"; did you mean "email"\?/],
    ['aws:\n  asumeRoles: []\n', /aws.*asumeRoles/],
  ];
  for (const [config, why] of cases) {
    const r = scanWith(config);
    assert.equal(r.code, 2, config);
    assert.match(r.stderr, why, config);
  }
});

test('a column map that matches no header fails HR naming the column; the rest loads', () => {
  const r = scanWith('hr:\n  columns: {email: "Work Email"}\n');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /hr\/people\.csv line 1: the column map names "Work Email" for email, but the header has no such column/);
  assert.match(r.stdout, /aws\s+loaded/);
  assert.match(r.stdout, /rule leaver-active-access not run: needs hr/);
});

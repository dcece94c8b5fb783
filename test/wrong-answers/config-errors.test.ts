// Issue 21 case 4 and issue 28 class 5's config half: every config error
// names the file actually read, the key path and the closest valid key; a
// cron error names its field; a missing required key says it is required; a
// YAML syntax error gives line and column and never prints the config's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

function scanWithConfig(file: string, text: string) {
  const dir = tempDir();
  writeTree(dir, { [file]: text });
  return cli(['--db', join(dir, 'g.db'), '--config', join(dir, file), 'scan', '--from', DEMO], { cwd: dir });
}

test('errors name the file given with --config, not driftgraph.yaml', () => {
  const r = scanWithConfig('other.yaml', 'rules:\n  stale-credentials: {staleDays: 60}\n');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config \S*other\.yaml is invalid:\n  rules\.stale-credentials: no such rule; did you mean "stale-credential"\?/);
  assert.doesNotMatch(r.stderr, /driftgraph\.yaml/);
});

test('a misspelled key, top level or inside a section, is named with the closest valid key', () => {
  const r = scanWithConfig('other.yaml', 'githib:\n  orgs: []\naws:\n  assumeRole: []\nschedule:\n  crn: "0 2 * * *"\nreport:\n  emial: {}\n');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config \S*other\.yaml is invalid/);
  assert.match(r.stderr, /^  githib: no such key; did you mean "github"\?$/m);
  assert.match(r.stderr, /^  aws\.assumeRole: no such key; did you mean "aws\.assumeRoles"\?$/m);
  assert.match(r.stderr, /^  schedule\.crn: no such key; did you mean "schedule\.scan\.cron"\?$/m);
  assert.match(r.stderr, /^  report\.emial: no such key; did you mean "report\.email"\?$/m);
});

test('an invalid cron expression says which field is wrong', () => {
  const cases: [string, RegExp][] = [
    ['61 2 * * *', /schedule\.scan\.cron: not a cron expression: the minute field \(1st of 5\) is out of range 0-59/],
    ['0 25 * * *', /the hour field \(2nd of 5\) is out of range 0-23/],
    ['0 2 * * mnd', /the weekday field \(5th of 5\) is not a number or a name/],
    ['0 2 * *', /has 4 field\(s\); a cron expression has 5/],
  ];
  for (const [cron, why] of cases) {
    const r = scanWithConfig('driftgraph.yaml', `schedule:\n  scan: {cron: "${cron}", from: /tmp}\n`);
    assert.equal(r.code, 2, cron);
    assert.match(r.stderr, why, cron);
  }
});

test('a missing required key is called required, in the config and in the exceptions file', () => {
  const r = scanWithConfig('driftgraph.yaml', 'report:\n  email:\n    from: a@b.example\n    to: [c@d.example]\n');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /report\.email\.smtp: required, but missing/);
  const dir = tempDir();
  writeTree(dir, { 'exceptions.yaml': '- rule: stale-credential\n  subject: AKIAEXAMPLE\n  reason: kept offline\n  approvedBy: ciso@example.com\n  expirs: 2026-12-31\n' });
  const x = cli(['--db', join(dir, 'g.db'), 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(x.code, 2);
  assert.match(x.stderr, /exceptions file \S*exceptions\.yaml is invalid:/);
  assert.match(x.stderr, /entry 1 expires: required, but missing \(the day the accepted risk ends, YYYY-MM-DD\)/);
  assert.match(x.stderr, /entry 1 expirs: no such key; did you mean "expires"\?/);
  assert.doesNotMatch(x.stderr, /Invalid input/);
});

test('a YAML syntax error gives the line and column and never prints the config text', () => {
  const secret = 'hunter2-Sup3rSecret';
  const r = scanWithConfig('other.yaml', `neo4j:\n  uri: bolt://db:7687\n  user: "admin\npassword: ${secret}\n`);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config \S*other\.yaml line \d+, column \d+: not valid YAML/);
  assert.doesNotMatch(r.stderr, new RegExp(secret));
  assert.doesNotMatch(r.stderr, /password/);
});

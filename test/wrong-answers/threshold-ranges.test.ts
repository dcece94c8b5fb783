// Issue 21 case 3: impossible numbers. `staleDays: -5` used to give findings
// "unused for 0 days". Every threshold has a range, checked before anything
// runs: in the config's rule overrides and in a team's rule files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const RULES = fileURLToPath(new URL('../../queries/rules/', import.meta.url));

test('thresholds out of range in the config are exit 2 naming each, and nothing is written', () => {
  const dir = tempDir();
  writeTree(dir, {
    'driftgraph.yaml': [
      'rules:',
      '  stale-credential: {staleDays: -5}',
      '  never-used-credential: {graceDays: 0}',
      '  leaver-active-access: {graceHours: -1}',
      '  mover-residual-access: {oldShare: 1.5, newShare: -0.1, minPeers: 0.5}',
      '',
    ].join('\n'),
  });
  const db = join(dir, 'g.db');
  const r = cli(['--db', db, 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(r.code, 2, r.stdout);
  for (const why of [
    /rules\.stale-credential\.staleDays: out of range: staleDays is a number of days, at least 1/,
    /rules\.never-used-credential\.graceDays: out of range/,
    /rules\.leaver-active-access\.graceHours: out of range: graceHours is a number of hours, 0 or more/,
    /rules\.mover-residual-access\.oldShare: out of range: oldShare is a share between 0 and 1/,
    /rules\.mover-residual-access\.newShare: out of range/,
    /rules\.mover-residual-access\.minPeers: out of range: minPeers is a whole number, at least 1/,
  ]) assert.match(r.stderr, why);
  assert.equal(existsSync(db), false, 'checked before the store is opened');
  assert.doesNotMatch(r.stdout, /unused for 0 days/);
});

test("a team's rule file with a threshold out of range is exit 2 naming the file", () => {
  const dir = tempDir();
  const text = readFileSync(join(RULES, 'stale-credential.cypher'), 'utf8')
    .replace('// id: stale-credential', '// id: team-stale-credential')
    .replace('// params: staleDays=90', '// params: staleDays=-5');
  writeTree(dir, { 'rules/team-stale.cypher': text });
  const r = cli(['--db', join(dir, 'g.db'), '--rules', join(dir, 'rules'), 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /team-stale\.cypher: params staleDays=-5: out of range: staleDays is a number of days, at least 1/);
});

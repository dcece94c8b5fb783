// `rulesDir:` in driftgraph.yaml: the team's rule folder without --rules on
// every command, relative to the config file, checked like --rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const TEAM_RULE = `// id: contractor-past-limit
// title: Contractor {personName} past the contract limit
// severity: low
// remediation: disable-account
// params: maxContractDays=365
// depends-on: hr
MATCH (p:Person)
WHERE p.removedAt IS NULL AND p.workerType = 'contractor' AND p.joinedAt IS NOT NULL
  AND datetime(p.joinedAt) < datetime($now) - duration({days: $maxContractDays})
RETURN p.key AS subjectKey, {joinedAt: p.joinedAt} AS evidence
`;

test('rulesDir adds the folder of team rules, relative to the config file', () => {
  const dir = writeTree(tempDir(), {
    'conf/driftgraph.yaml': 'rulesDir: team-rules\nrules:\n  contractor-past-limit: {maxContractDays: 180}\n',
    'conf/team-rules/contractor-past-limit.cypher': TEAM_RULE,
  });
  // Run from elsewhere: the folder is found beside the config, not the working directory.
  const r = cli(['--config', join(dir, 'conf', 'driftgraph.yaml'), 'rules', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const team = (JSON.parse(r.stdout) as { id: string; thresholds: Record<string, number> }[]).find((x) => x.id === 'contractor-past-limit');
  assert.ok(team, 'the team rule is listed');
  assert.deepEqual(team.thresholds, { maxContractDays: 180 });
});

test('a rulesDir that is not a folder is bad usage naming the config key', () => {
  const dir = writeTree(tempDir(), { 'driftgraph.yaml': 'rulesDir: nowhere\n' });
  const r = cli(['rules'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /config rulesDir .*nowhere: no such directory/);
});

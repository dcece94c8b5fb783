// The conventions CI pipelines and SIEMs script against, through the real
// command line: --version, scan --fail-on (exit 3; 1 still wins), findings -o
// FILE, SARIF 2.1.0 and OCSF Detection Finding exports, the rules listing and
// a team's own rules with --rules DIR (checked like the built-in ones).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';
import { estateFiles, type Person } from './helpers/estate.js';
import { account, ana, estate, humanUser } from './rules/scan-helpers.js';

const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const BUILT_IN = readdirSync(new URL('../queries/rules/', import.meta.url)).filter((f) => f.endsWith('.cypher')).map((f) => f.replace(/\.cypher$/, ''));

const leaver: Person = { ...ana, status: 'terminated', endDate: '2026-11-01' };
const contractor: Person = { id: 'C1', email: 'cy@example.com', name: 'Cy', workerType: 'contractor' };
/** A leaver with an active AWS console user (critical), and a long-standing contractor. */
const snapshot = (extra: Record<string, string> = {}) =>
  writeTree(tempDir(), { ...estateFiles(estate({ people: [leaver, contractor], aws: [account({ users: [humanUser(ana)] })] })), ...extra });

const TEAM_RULE = `// id: contractor-past-limit
// title: Contractor {personName} past the contract limit
// severity: low
// frameworks: TEAM-POLICY-7
// remediation: review-contract
// params: maxContractDays=365
// depends-on: hr
// description: An active contractor who joined more than maxContractDays ago.
MATCH (p:Person)
WHERE p.removedAt IS NULL AND p.workerType = 'contractor' AND p.joinedAt IS NOT NULL
  AND datetime(p.joinedAt) < datetime($now) - duration({days: $maxContractDays})
RETURN p.key AS subjectKey, {joinedAt: p.joinedAt} AS evidence
`;

test('--version prints the package version', () => {
  const r = cli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), PKG.version);
});

describe('scan --fail-on', () => {
  test('exit 3 with open findings at or above the severity; 0 below it; 2 for a bad severity', () => {
    const dir = snapshot();
    const db = join(tempDir(), 'g.db');
    const gated = cli(['--db', db, 'scan', '--from', dir, '--fail-on', 'critical']);
    assert.equal(gated.code, 3, gated.stdout + gated.stderr);
    assert.match(gated.stderr, /open finding\(s\) at or above critical/);
    const clean = cli(['--db', join(tempDir(), 'g.db'), 'scan', '--from', writeTree(tempDir(), estateFiles(estate({ people: [ana] }))), '--fail-on', 'low']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(cli(['--db', db, 'scan', '--from', dir, '--fail-on', 'severe']).code, 2);
  });

  test('a failed source still exits 1 (the findings are incomplete)', () => {
    const r = cli(['--db', join(tempDir(), 'g.db'), 'scan', '--from', snapshot({ 'catalog/broken.yaml': 'kind: [unclosed\n' }), '--fail-on', 'critical']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
  });
});

describe('findings for CI and SIEMs', () => {
  const db = join(tempDir(), 'g.db');
  const rulesDir = writeTree(tempDir(), { 'contractor-past-limit.cypher': TEAM_RULE });
  before(() => {
    const r = cli(['--db', db, '--rules', rulesDir, 'scan', '--from', snapshot()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test('-o FILE writes what stdout would have shown, and nothing to stdout', () => {
    const file = join(tempDir(), 'out', 'findings.json');
    const r = cli(['--db', db, 'findings', '--format', 'json', '-o', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(file, 'utf8'), cli(['--db', db, 'findings', '--format', 'json']).stdout);
  });

  test('SARIF 2.1.0: one reportingDescriptor per rule file, results with logical locations', () => {
    const r = cli(['--db', db, '--rules', rulesDir, 'findings', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'driftgraph');
    assert.equal(run.tool.driver.version, PKG.version);
    const ids = run.tool.driver.rules.map((d: { id: string }) => d.id);
    assert.deepEqual([...ids].sort(), [...BUILT_IN, 'contractor-past-limit'].sort(), 'one descriptor per rule file');
    for (const d of run.tool.driver.rules) {
      assert.equal(typeof d.shortDescription.text, 'string');
      assert.ok(['error', 'warning', 'note'].includes(d.defaultConfiguration.level), d.id);
    }
    const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json']).stdout) as { id: string; ruleId: string; subject: { id: string } }[];
    assert.equal(run.results.length, findings.length);
    assert.ok(findings.some((f) => f.ruleId === 'leaver-active-access') && findings.some((f) => f.ruleId === 'contractor-past-limit'));
    for (const res of run.results) {
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at its rule');
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      const loc = res.locations[0].logicalLocations[0];
      const f = findings.find((x) => x.id === res.partialFingerprints['driftgraphFindingId/v1'])!;
      assert.ok(f, 'each result carries its finding id');
      assert.ok(loc.fullyQualifiedName.endsWith(`/${f.subject.id}`), loc.fullyQualifiedName);
      assert.equal(typeof loc.kind, 'string');
    }
  });

  test('OCSF: Detection Finding events (class 2004) with the required attributes', () => {
    const r = cli(['--db', db, 'findings', '--format', 'ocsf']);
    assert.equal(r.code, 0, r.stderr);
    const events = JSON.parse(r.stdout) as Record<string, any>[];
    assert.ok(events.length > 0);
    const critical = events.find((e) => e.finding_info.types.includes('leaver-active-access'))!;
    assert.equal(critical.severity_id, 5);
    for (const e of events) {
      assert.equal(e.class_uid, 2004);
      assert.equal(e.category_uid, 2);
      assert.equal(e.type_uid, 200400 + e.activity_id);
      assert.ok([1, 2, 3].includes(e.activity_id));
      assert.ok(e.severity_id >= 1 && e.severity_id <= 5);
      assert.equal(typeof e.time, 'number');
      assert.match(e.metadata.version, /^1\.\d+\.\d+$/);
      assert.equal(e.metadata.product.name, 'driftgraph');
      assert.equal(typeof e.finding_info.uid, 'string');
      assert.equal(typeof e.finding_info.title, 'string');
      assert.equal(e.status_id, 1);
      assert.equal(typeof e.resources[0].uid, 'string');
    }
  });
});

describe('rules and --rules DIR', () => {
  test('rules lists every rule with severity, thresholds (config applied), frameworks and depends-on', () => {
    const dir = writeTree(tempDir(), { 'driftgraph.yaml': 'rules:\n  stale-credential: {staleDays: 60}\n' });
    const rulesDir = writeTree(tempDir(), { 'contractor-past-limit.cypher': TEAM_RULE });
    const json = cli(['--rules', rulesDir, 'rules', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const rules = JSON.parse(json.stdout) as Record<string, any>[];
    assert.deepEqual(rules.map((r) => r.id).sort(), [...BUILT_IN, 'contractor-past-limit'].sort());
    const stale = rules.find((r) => r.id === 'stale-credential')!;
    assert.deepEqual([stale.severity, stale.thresholds.staleDays, stale.defaults.staleDays, stale.builtIn], ['medium', 60, 90, true]);
    assert.ok(stale.frameworks.length > 0);
    const team = rules.find((r) => r.id === 'contractor-past-limit')!;
    assert.deepEqual([team.severity, team.thresholds, team.frameworks, team.dependsOn, team.builtIn], ['low', { maxContractDays: 365 }, ['TEAM-POLICY-7'], ['hr'], false]);
    const table = cli(['--rules', rulesDir, 'rules'], { cwd: dir });
    assert.match(table.stdout, /stale-credential\s+medium\s+yes\s+staleDays=60/);
    assert.match(table.stdout, /contractor-past-limit\s+low\s+yes\s+maxContractDays=365\s+TEAM-POLICY-7\s+hr/);
  });

  test('a bad team rule file is exit 2 naming the file (syntax, header, file reads, id clash)', () => {
    const bad: Record<string, [string, RegExp]> = {
      'syntax.cypher': [TEAM_RULE.replace('RETURN p.key', 'RETRUN p.key').replace('contractor-past-limit', 'syntax'), /syntax\.cypher line 12, column 1: Invalid input 'RETRUN'/],
      'header.cypher': [TEAM_RULE.replace('// severity: low\n', '').replace('contractor-past-limit', 'header'), /header\.cypher: the header has no "severity:" line/],
      'reads-files.cypher': [
        TEAM_RULE.replace('contractor-past-limit', 'reads-files').replace("MATCH (p:Person)", "LOAD CSV FROM 'file:///etc/passwd' AS row\nMATCH (p:Person)"),
        /reads-files\.cypher: a rule only reads the graph: LOAD CSV/,
      ],
      'stale-credential.cypher': [TEAM_RULE.replace('contractor-past-limit', 'stale-credential'), /stale-credential\.cypher: the id stale-credential is already the rule/],
    };
    for (const [name, [text, message]] of Object.entries(bad)) {
      const dir = writeTree(tempDir(), { [name]: text });
      const r = cli(['--rules', dir, 'rules']);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.ok(r.stderr.includes(join(dir, name)), `${name}: the message names the file`);
    }
  });
});

// The report's exception figures: active, expiring within 14 days after the
// period, expired (open again); and the excepted finding is not open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { cli, writeTree } from '../helpers/cli.js';
import { demoStore } from '../helpers/demo-store.js';
import { DEMO_ESTATE } from '../../src/cli/commands/demo.js';

test('exceptions active, expiring in 14 days and expired, as the exceptions file says', () => {
  // The run's one demo scan, copied into a folder of its own: the findings before any exception.
  const db = demoStore('driftgraph-exc-');
  const dir = dirname(db);
  const open = JSON.parse(cli(['--db', db, 'findings', '--status', 'open', '--format', 'json']).stdout) as { ruleId: string; subject: { id: string } }[];
  const before = JSON.parse(cli(['--db', db, 'report', '--format', 'json', '--out', join(dir, 'out')]).stdout);
  const [a, b, c] = open.slice(0, 3);
  const entry = (f: { ruleId: string; subject: { id: string } }, expires: string) =>
    [`- rule: ${f.ruleId}`, `  subject: "${f.subject.id}"`, '  reason: accepted', '  approvedBy: ciso@northwind.example', `  expires: ${expires}`].join('\n');
  writeTree(dir, {
    // The period ends 2026-11-20T02:00Z: a expires within 14 days, b later, c before.
    'exceptions.yaml': [entry(a!, '2026-11-30'), entry(b!, '2027-03-01'), entry(c!, '2026-11-15')].join('\n') + '\n',
    'driftgraph.yaml': 'exceptionsFile: exceptions.yaml\n',
  });
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', DEMO_ESTATE], { cwd: dir }).code, 0);
  const r = cli(['--db', db, 'report', '--format', 'json', '--out', join(dir, 'out')], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.exceptions, { active: 2, expiringIn14Days: 1, expired: 1 });
  assert.equal(report.findings.excepted, 2);
  assert.equal(report.findings.open.total, before.findings.open.total - 2);
});

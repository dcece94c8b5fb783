// exceptions.yaml: a matching finding is `excepted` until the exception
// expires, then open again, and the drift report lists the expired one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));
const KEY = 'AKIAMYXGFJLMQ2AINPDF';

function setup(expires: string): { dir: string; db: string } {
  const dir = tempDir();
  writeTree(dir, {
    'exceptions.yaml': [
      '- rule: stale-credential',
      `  subject: ${KEY}`,
      '  reason: break-glass key kept offline',
      '  approvedBy: ciso@northwind.example',
      `  expires: ${expires}`,
      '',
    ].join('\n'),
    'driftgraph.yaml': 'exceptionsFile: exceptions.yaml\n',
  });
  return { dir, db: join(dir, 'graph.db') };
}

function stale(dir: string, db: string) {
  const r = cli(['--db', db, 'findings', '--status', 'all', '--rule', 'stale-credential', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { subject: { id: string }; status: string; exception?: unknown }[]).find((f) => f.subject.id === KEY)!;
}

test('an exception in force makes the finding excepted', () => {
  const { dir, db } = setup('2026-12-31');
  assert.equal(cli(['--db', db, 'scan', '--from', DEMO], { cwd: dir }).code, 0);
  const f = stale(dir, db);
  assert.equal(f.status, 'excepted');
  assert.deepEqual(f.exception, { reason: 'break-glass key kept offline', approvedBy: 'ciso@northwind.example', expires: '2026-12-31T00:00:00.000Z' });
  const open = cli(['--db', db, 'findings', '--status', 'open', '--rule', 'stale-credential', '--format', 'csv'], { cwd: dir });
  assert.doesNotMatch(open.stdout, new RegExp(KEY), 'an excepted finding is not open');
  const standing = cli(['--db', db, 'findings', '--rule', 'stale-credential', '--format', 'csv'], { cwd: dir });
  assert.match(standing.stdout, new RegExp(`,excepted,stale-credential,aws,111111111111,access-key,${KEY},`), 'the default list shows what still stands, excepted included');
});

test('an expired exception leaves the finding open and the report says it expired', () => {
  const { dir, db } = setup('2026-11-15');
  assert.equal(cli(['--db', db, 'scan', '--from', DEMO], { cwd: dir }).code, 0);
  assert.equal(stale(dir, db).status, 'open');
  const report = cli(['--db', db, 'report', '--out', join(dir, 'out')], { cwd: dir });
  assert.equal(report.code, 0, report.stderr);
  const text = readFileSync(join(dir, 'out', 'drift-report-2026-11-20.md'), 'utf8');
  const expired = text.split('## Exceptions that expired')[1]!.split('##')[0]!;
  assert.match(expired, new RegExp(KEY));
});

test('a broken exceptions file is bad config: exit 2 naming the file', () => {
  const dir = tempDir();
  writeTree(dir, { 'exceptions.yaml': '- rule: stale-credential\n  subject: [\n' });
  const r = cli(['--db', join(dir, 'g.db'), 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /exceptions\.yaml/);
});

test('loose exceptions are refused, naming the entry: no expiry, a false date, too far ahead, a mapping, an unknown rule', () => {
  const entry = (fields: string) => `- rule: stale-credential\n  subject: ${KEY}\n  reason: r\n  approvedBy: ciso@northwind.example\n${fields}`;
  const cases: [string, RegExp][] = [
    [entry(''), /entry 1 expires/],
    [entry('  expires: 2027-02-30\n'), /2027-02-30 is not a real calendar date/],
    [entry('  expires: 01/03/2027\n'), /"01\/03\/2027" is not an ISO date/],
    [entry('  expires: 2028-06-01\n'), /more than 365 days ahead/],
    ['rule: stale-credential\nsubject: x\n', /expected a list of exceptions/],
    [entry('  expires: 2026-12-31\n').replace('rule: stale-credential', 'rule: stale-credentials'), /no rule stale-credentials; did you mean "stale-credential"\?/],
  ];
  for (const [text, why] of cases) {
    const dir = tempDir();
    writeTree(dir, { 'exceptions.yaml': text });
    const r = cli(['--db', join(dir, 'g.db'), 'scan', '--from', DEMO], { cwd: dir });
    assert.equal(r.code, 2, text);
    assert.match(r.stderr, why);
  }
});

test('an exception that matches no finding is a warning', () => {
  const dir = tempDir();
  writeTree(dir, { 'exceptions.yaml': `- rule: stale-credential\n  subject: AKIANOSUCHKEY0000000\n  reason: r\n  approvedBy: ciso@northwind.example\n  expires: 2026-12-31\n` });
  const r = cli(['--db', join(dir, 'g.db'), 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /WARNING exception for stale-credential AKIANOSUCHKEY0000000 matched no finding/);
});

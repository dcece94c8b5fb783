// Issue 21 case 1: a rule does not judge without the data it needs. A fresh
// store scanned from an AWS-only snapshot used to call every IAM user
// "unlinked" and every NHI "with no owner"; now the rules that need HR or the
// catalog are listed as not run with what to add, and `sources.absent` lets
// a team without a catalog run them, their evidence saying what they could
// not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

/** The demo estate with only these folders. */
function partOfDemo(folders: string[]): string {
  const dir = tempDir('driftgraph-part-');
  cpSync(join(DEMO, 'manifest.json'), join(dir, 'manifest.json'));
  for (const f of folders) cpSync(join(DEMO, f), join(dir, f), { recursive: true });
  return dir;
}

interface F {
  ruleId: string;
  evidence: Record<string, unknown>;
}

test('an AWS-only first scan runs no rule that needs HR or the catalog, and says what to add', () => {
  const dir = tempDir();
  const db = join(dir, 'g.db');
  const r = cli(['--db', db, 'scan', '--from', partOfDemo(['aws'])], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const rule of ['orphaned-nhi', 'leaver-owned-nhi']) assert.match(r.stdout, new RegExp(`rule ${rule} not run: needs hr, catalog \\(hr has never loaded; catalog has never loaded\\)`));
  for (const rule of ['unlinked-account', 'dormant-account', 'leaver-active-access']) assert.match(r.stdout, new RegExp(`rule ${rule} not run: needs hr \\(hr has never loaded\\)`));
  assert.match(r.stdout, /WARNING hr has never loaded, so \d+ rule\(s\) that need it did not run .*add a folder hr\/ to the snapshot.*driftgraph\.yaml with "sources: \{absent: \[hr\]\}"/);
  assert.match(r.stdout, /WARNING catalog has never loaded/);
  const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json'], { cwd: dir }).stdout) as F[];
  const rules = new Set(findings.map((f) => f.ruleId));
  for (const held of ['orphaned-nhi', 'unlinked-account', 'human-use-of-nhi', 'leaver-owned-nhi']) assert.ok(!rules.has(held), `${held} judged without its data`);
  assert.ok(findings.length > 0 && findings.length < 28, `${findings.length} findings: only rules that need AWS alone`);
});

test('sources.absent: [catalog] lets the owner rules run, and their evidence says what they could not know', () => {
  const dir = tempDir();
  const db = join(dir, 'g.db');
  writeTree(dir, { 'driftgraph.yaml': 'sources:\n  absent: [catalog]\n' });
  const r = cli(['--db', db, 'scan', '--from', partOfDemo(['aws', 'hr'])], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /rule orphaned-nhi ran without catalog \(sources\.absent\): its findings say what it could not know/);
  assert.doesNotMatch(r.stdout, /orphaned-nhi not run/);
  const orphans = (JSON.parse(cli(['--db', db, 'findings', '--rule', 'orphaned-nhi', '--format', 'json'], { cwd: dir }).stdout) as F[]);
  assert.ok(orphans.length > 0);
  for (const f of orphans) assert.match(String((f.evidence.notKnown as string[])[0]), /^not known without catalog \(declared absent in sources\.absent\): owners declared in the catalog/);
});

test('sources.absent naming no source is a config error with the closest name', () => {
  const dir = tempDir();
  writeTree(dir, { 'driftgraph.yaml': 'sources:\n  absent: [catalgo]\n' });
  const r = cli(['--db', join(dir, 'g.db'), 'scan', '--from', partOfDemo(['aws'])], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sources\.absent: catalgo: no source of that name; did you mean "catalog"\?/);
});

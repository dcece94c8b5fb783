// Every .cypher file in the repo (queries/, recursively, and any under
// reports/) must pass Neo4j's own Cypher parser and semantic analysis: both
// stores run these files, and Neo4j is the stricter reader. Errors fail the
// test with file, line and message; warnings (a label or relationship type
// the product never writes, a deprecated form) are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR, WARNING, lintCypher } from '../src/rules/lint.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function cypherFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...cypherFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.cypher')) out.push(path);
  }
  return out.sort();
}

const files = [...cypherFiles(join(ROOT, 'queries')), ...cypherFiles(join(ROOT, 'reports'))];

test('there are .cypher files to lint', () => {
  assert.ok(files.length > 0, 'no .cypher files found under queries/ or reports/');
});

for (const file of files) {
  const name = relative(ROOT, file);
  test(`lint ${name}`, () => {
    const text = readFileSync(file, 'utf8');
    assert.ok(text.replace(/^\s*\/\/.*$/gm, '').trim().length > 0, `${name}: no query after the header`);
    const problems = lintCypher(text);
    for (const p of problems.filter((p) => p.severity === WARNING)) {
      console.log(`warning: ${name}:${p.line}:${p.column}: ${p.message}`);
    }
    const errors = problems.filter((p) => p.severity === ERROR);
    assert.deepEqual(
      errors.map((p) => `${name}:${p.line}:${p.column}: ${p.message}`),
      [],
      `Cypher errors in ${name}`,
    );
  });
}

test('the linter accepts a header of // comments', () => {
  const header = '// id: sample\n// title: a title with {braces} and $dollars\n// params: days=90\n';
  assert.deepEqual(lintCypher(`${header}MATCH (p:Person) WHERE p.removedAt IS NULL RETURN p.key AS key`), []);
});

test('the linter reports broken queries, with their line', () => {
  const syntax = lintCypher('// header\nMATCH (p:Person\nRETURN p');
  assert.ok(syntax.some((p) => p.severity === ERROR && p.line === 3), JSON.stringify(syntax));

  const semantic = lintCypher('MATCH (p:Person) RETURN q.name AS name');
  assert.ok(
    semantic.some((p) => p.severity === ERROR && /Variable `q` not defined/.test(p.message)),
    JSON.stringify(semantic),
  );

  const unknownLabel = lintCypher('MATCH (a:Acount) RETURN a.key AS key');
  assert.ok(unknownLabel.every((p) => p.severity !== ERROR) && unknownLabel.length > 0, JSON.stringify(unknownLabel));
});

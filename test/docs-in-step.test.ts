// docs/ carries the contracts users script against. This keeps the finding
// page in step with the rule files: every rule is listed with every evidence
// key its query returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadRules } from '../src/rules/rule-file.js';

/** The top-level keys of the map a rule returns `AS evidence`. */
function evidenceKeys(cypher: string): string[] {
  const end = cypher.lastIndexOf('AS evidence');
  if (end < 0) return [];
  let depth = 0;
  let start = -1;
  for (let i = end - 1; i >= 0; i--) {
    const c = cypher[i];
    if (c === '}') depth++;
    else if (c === '{' && --depth === 0) {
      start = i;
      break;
    }
  }
  const body = cypher.slice(start + 1, cypher.lastIndexOf('}', end));
  const keys: string[] = [];
  let level = 0;
  for (const m of body.matchAll(/[{}[\]()]|(\b[a-zA-Z]\w*)\s*:/g)) {
    if ('{[('.includes(m[0]!)) level++;
    else if ('}])'.includes(m[0]!)) level--;
    else if (level === 0 && m[1]) keys.push(m[1]);
  }
  return keys;
}

test('docs/findings.md lists every rule and every evidence key it returns', async () => {
  const doc = readFileSync(new URL('../docs/findings.md', import.meta.url), 'utf8');
  for (const rule of await loadRules()) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${rule.id}\` |`));
    assert.ok(row, `docs/findings.md has no row for ${rule.id}`);
    for (const key of evidenceKeys(rule.cypher)) {
      assert.ok(row.includes(`\`${key}\``), `docs/findings.md: ${rule.id} does not list evidence key ${key}`);
    }
  }
});

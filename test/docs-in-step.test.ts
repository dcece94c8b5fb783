// docs/ carries the contracts users script against. This keeps the finding
// page in step with the rule files: every rule is listed with every evidence
// key its query returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

// ---- docs/config.md: every key of driftgraph.yaml, walked from the zod schema.

type ZodLike = { _zod?: { def: ZodDef }; def?: ZodDef };
interface ZodDef {
  type: string;
  innerType?: ZodLike;
  in?: ZodLike;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  element?: ZodLike;
  valueType?: ZodLike;
  options?: ZodLike[];
}
const defOf = (s: ZodLike): ZodDef => (s._zod?.def ?? s.def)!;

/** Every key path a config may hold: `a.b`, `a[].b` for lists of objects, `a.<key>` for maps, `a.<key>.<name>` for free keys. */
function configKeys(s: ZodLike, path = '', out: string[] = []): string[] {
  const d = defOf(s);
  const at = (k: string) => (path ? `${path}.${k}` : k);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return configKeys(d.innerType!, path, out);
    case 'pipe':
      return configKeys(d.in!, path, out);
    case 'object':
      for (const [k, v] of Object.entries(d.shape!)) {
        out.push(at(k));
        configKeys(v, at(k), out);
      }
      if (d.catchall && !['never', 'unknown'].includes(defOf(d.catchall).type)) {
        out.push(at('<name>'));
        configKeys(d.catchall, at('<name>'), out);
      }
      return out;
    case 'array':
      return configKeys(d.element!, `${path}[]`, out);
    case 'record':
      out.push(at('<key>'));
      return configKeys(d.valueType!, at('<key>'), out);
    case 'union':
      for (const o of d.options!) configKeys(o, path, out);
      return out;
    default:
      return out;
  }
}

test('docs/config.md documents every key of driftgraph.yaml (core, tickets and every source)', async () => {
  const { configSchemaFor } = await import('../src/config/schema.js');
  const { configSections } = await import('../src/cli/registry.js');
  const keys = [...new Set(configKeys(configSchemaFor(configSections) as unknown as ZodLike))];
  assert.ok(keys.includes('db') && keys.includes('neo4j.uri') && keys.includes('tickets.routes[].sink'), 'the schema walk found the known keys');
  const doc = readFileSync(new URL('../docs/config.md', import.meta.url), 'utf8');
  const missing = keys.filter((k) => !doc.includes(`| \`${k}\` |`));
  assert.deepEqual(
    missing,
    [],
    `docs/config.md does not document ${missing.length} key(s) of driftgraph.yaml. Add a row per key to the table of its section, e.g.\n` +
      missing.map((k) => `  | \`${k}\` | what it does, its default, and where a secret comes from instead |`).join('\n'),
  );
  const documented = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  const stale = documented.filter((k) => !keys.includes(k));
  assert.deepEqual(stale, [], 'docs/config.md documents keys the config no longer has: remove their rows');
});

// ---- docs/rules.md: the rule file format, as the parser reads it.

test('docs/rules.md names every rule header key the parser reads and every remediation action', async () => {
  const doc = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const parser = readFileSync(new URL('../src/rules/rule-file.ts', import.meta.url), 'utf8');
  const headerKeys = [...parser.matchAll(/(?:need|header\.get|list)\('([a-z-]+)'\)/g)].map((m) => m[1]!);
  assert.ok(headerKeys.includes('depends-on') && headerKeys.includes('requires'), 'the header keys were found in the parser');
  for (const k of new Set(headerKeys)) assert.ok(doc.includes(`| \`${k}\` |`), `docs/rules.md has no row for the header key ${k}`);
  const { REMEDIATION_ACTIONS } = await import('../src/findings/remediation.js');
  for (const a of REMEDIATION_ACTIONS) assert.ok(doc.includes(`\`${a}\``), `docs/rules.md does not list the remediation action ${a}`);
  for (const column of ['subjectKey', 'evidence', 'personKey', 'entitlement', 'severity']) {
    assert.ok(doc.includes(`| \`${column}\` |`), `docs/rules.md does not describe the result column ${column}`);
  }
  assert.ok(doc.includes('rulesDir') && doc.includes('--rules'), 'docs/rules.md says how to add a folder of rules');
});

// ---- What drifted once: sources, versions, files users do not have.

test('docs/findings.md lists every registered source as a subject.source', async () => {
  const { registry } = await import('../connectors/index.js');
  const doc = readFileSync(new URL('../docs/findings.md', import.meta.url), 'utf8');
  const row = doc.split('\n').find((l) => l.startsWith('| `subject` |'));
  assert.ok(row, 'docs/findings.md has a `subject` row');
  for (const c of registry) assert.ok(row.includes(`\`${c.source}\``), `docs/findings.md: subject.source does not list ${c.source}`);
});

test("the demo estate's manifest names the package's version", () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const manifest = JSON.parse(readFileSync(new URL('../examples/demo-estate/manifest.json', import.meta.url), 'utf8')) as { collector: string };
  assert.equal(manifest.collector, `driftgraph ${pkg.version}`);
});

test('docs/ and the README never send users to spec files they do not have', () => {
  const root = new URL('..', import.meta.url);
  const files = ['README.md', ...readdirSync(new URL('docs/', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const cites = files.flatMap((f) =>
    readFileSync(new URL(f, root), 'utf8')
      .split('\n')
      .map((line, i) => (/\bspec\/[\w-]+\.md/.test(line) ? `${f}:${i + 1}: ${line.trim()}` : null))
      .filter((x): x is string => x !== null),
  );
  assert.deepEqual(cites, [], 'say it in docs/ instead (docs/rules.md, docs/snapshot-format.md, docs/findings.md)');
});

test('docs/web.md describes the dashboard, and docs/scheduler.md names the report job the scheduler runs', () => {
  const web = readFileSync(new URL('../docs/web.md', import.meta.url), 'utf8');
  assert.ok(web.includes('`/dashboard`') && !/dashboard[^\n]*will come/i.test(web), 'docs/web.md: the dashboard exists');
  const scheduler = readFileSync(new URL('../docs/scheduler.md', import.meta.url), 'utf8');
  const jobs = readFileSync(new URL('../src/schedule/jobs.ts', import.meta.url), 'utf8');
  for (const name of ['runScanJob', 'runTicketsJob', 'runReport', 'buildLiveSnapshot']) {
    assert.ok(jobs.includes(name) && scheduler.includes(`\`${name}\``), `docs/scheduler.md and src/schedule/jobs.ts disagree about ${name}`);
  }
  const files = readdirSync(new URL('../src/schedule/', import.meta.url)).filter((f) => f.endsWith('.ts'));
  for (const f of files) assert.ok(scheduler.includes(`\`${f}\``), `docs/scheduler.md does not describe src/schedule/${f}`);
  for (const m of scheduler.matchAll(/^\| `([\w-]+\.ts)`/gm)) assert.ok(files.includes(m[1]!), `docs/scheduler.md describes src/schedule/${m[1]}, which does not exist`);
});

// Folders import one way. The core (src/) is layered: a folder may use the
// folders below it, never one that uses it back, and no two files import each
// other round a loop. connectors/ and reports/ sit on top of the core: src/
// reaches them only through the composition root (src/cli/registry.ts), which
// hands the registry, the report job and the dashboard to whoever needs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPOSITION_ROOT = 'src/cli/registry.ts';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The relative imports of a file (static, type-only, re-exports and import()), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specs = [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** src/<folder>/... -> <folder>; anything else -> null. */
function folderOf(file: string): string | null {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1]! : null;
}

/** One cycle of a directed graph (as a path that starts and ends on the same node), or null. */
function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of [...(edges.get(n) ?? [])].sort()) {
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...edges.keys()].sort()) {
    if (state.has(n)) continue;
    const found = visit(n);
    if (found) return found;
  }
  return null;
}

const files = sourceFiles('src');
const imports = new Map(files.map((f) => [f, importsOf(f)]));

test('the cycle finder finds a loop and passes a line (so the tests below can fail)', () => {
  const g = (pairs: [string, string][]) => {
    const m = new Map<string, Set<string>>();
    for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b));
    return m;
  };
  assert.deepEqual(findCycle(g([['web', 'cli'], ['cli', 'graph'], ['graph', 'web']])), ['cli', 'graph', 'web', 'cli']);
  assert.equal(findCycle(g([['web', 'cli'], ['cli', 'graph'], ['web', 'graph']])), null);
  assert.ok(files.length > 50 && [...imports.values()].some((l) => l.length), 'the import reader found no source files or no imports');
});

test('no two folders under src/ import each other, directly or round a loop', () => {
  const edges = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const [file, targets] of imports) {
    const from = folderOf(file);
    for (const t of targets) {
      const to = folderOf(t);
      if (!from || !to || from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
      if (!why.has(`${from}>${to}`)) why.set(`${from}>${to}`, `${file} imports ${t}`);
    }
  }
  const cycle = findCycle(edges);
  assert.equal(
    cycle,
    null,
    cycle
      ? `src/ folders import each other round a loop: ${cycle.join(' -> ')}\n` +
          cycle.slice(1).map((to, i) => `  ${why.get(`${cycle[i]}>${to}`)}`).join('\n') +
          '\nMove the shared code down into the folder both can use (src/util, src/graph, src/findings, ...), or hand it in from the composition root.'
      : '',
  );
});

test('no file under src/ imports itself back round a loop', () => {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of imports) edges.set(file, new Set(targets.filter((t) => t.startsWith('src/'))));
  const cycle = findCycle(edges);
  assert.equal(cycle, null, cycle ? `a file-level import loop: ${cycle.join(' -> ')}\nMove what both need (often a type) into a file neither imports.` : '');
});

test('src/ reaches connectors/ and reports/ only through the composition root', () => {
  const offenders: string[] = [];
  for (const [file, targets] of imports) {
    if (file === COMPOSITION_ROOT) continue;
    for (const t of targets) if (/^(connectors|reports)\//.test(t)) offenders.push(`${file} imports ${t}`);
  }
  assert.deepEqual(
    offenders,
    [],
    `only ${COMPOSITION_ROOT} may import connectors/ or reports/: take what you need from it, or have it handed in (as the registry, the report job and the dashboard are)`,
  );
  assert.ok(imports.get(COMPOSITION_ROOT)!.some((t) => t.startsWith('connectors/')), `${COMPOSITION_ROOT} no longer imports the connectors: update this test's COMPOSITION_ROOT`);
  assert.equal(relative(ROOT, join(ROOT, COMPOSITION_ROOT)), COMPOSITION_ROOT);
});

test('a connector imports no other connector: only connectors/lib and the core', () => {
  const wrong: string[] = [];
  for (const file of sourceFiles('connectors')) {
    const own = file.split('/')[1]!;
    if (own === 'lib' || file === 'connectors/index.ts') continue;
    for (const target of importsOf(file)) {
      const parts = target.split('/');
      if (parts[0] === 'connectors' && parts[1] !== own && parts[1] !== 'lib') wrong.push(`${file} -> ${target}`);
    }
  }
  for (const file of sourceFiles('connectors/lib')) {
    for (const target of importsOf(file)) {
      const parts = target.split('/');
      if (parts[0] === 'connectors' && parts[1] !== 'lib') wrong.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(wrong, [], 'shared reading code belongs in connectors/lib/');
});

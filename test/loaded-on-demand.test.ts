// A command loads what it uses. The provider SDKs, the Neo4j driver, the Cypher
// parser, the chart renderer and the mailer are large (a snapshot scan that
// loaded them all spent two thirds of its CPU reading modules), so they are
// reached with import() where they are called: collecting, acting on a
// provider, opening Neo4j, drawing a chart, sending mail. This test walks the
// static imports (not `import type`, not `import()`) from the command line's
// entry and from every command, and fails on any package outside the small
// set every command may load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Small, and needed to start any command (config, the CLI itself). A
// connector's snapshot reader and mapper load in its loadSnapshot (the
// country names the sign-in readers use among them), so `findings` or
// `query` never pay for reading a source.
const EVERY_COMMAND = new Set(['commander', 'zod', 'yaml', 'node-cron', 'p-limit']);
// Needed by one command for its whole run.
const FOR_COMMAND: Record<string, string[]> = {
  'src/cli/commands/serve.ts': ['hono', '@hono/node-server'],
  'src/cli/commands/schedule.ts': ['pino', 'pino-pretty', 'hono', '@hono/node-server'],
};

/** Static value imports and re-exports of a file: relative paths as repository paths, packages by name. */
export function staticImports(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;'"]*?\s+from\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  const files: string[] = [];
  const packages: string[] = [];
  for (const s of specs) {
    if (s.startsWith('.')) files.push(normalize(join(dirname(file), s)).replace(/\.js$/, '.ts'));
    else if (!s.startsWith('node:')) packages.push(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
  }
  return { files, packages };
}

/** Every package the entry loads before it runs, each with the import chain that brings it in. */
function packagesLoadedBy(entries: string[]): Map<string, string[]> {
  return walkImports(entries).packages;
}

/** The files and packages the entries load before they run, each with the chain that brings it in. */
function walkImports(entries: string[]): { files: Map<string, string[]>; packages: Map<string, string[]> } {
  const from = new Map<string, string | null>();
  const found = new Map<string, string[]>();
  const chain = (f: string) => {
    const out = [f];
    for (let x = from.get(f); x; x = from.get(x)) out.push(x);
    return out;
  };
  const walk = (file: string, parent: string | null) => {
    if (from.has(file) || !existsSync(join(ROOT, file))) return;
    from.set(file, parent);
    const { files, packages } = staticImports(file);
    for (const p of packages) if (!found.has(p)) found.set(p, chain(file));
    for (const f of files) walk(f, file);
  };
  for (const e of entries) walk(e, null);
  return { files: new Map([...from.keys()].map((f) => [f, chain(f)])), packages: found };
}

const COMMANDS = readdirSync(join(ROOT, 'src/cli/commands'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/cli/commands/${f}`);

test('the walker sees a package a file imports, and not one it imports as a type or with import()', () => {
  const seen = packagesLoadedBy(['src/tickets/sinks/github.ts']);
  assert.ok(!seen.has('@octokit/rest'), 'the GitHub ticket sink loads Octokit on its first call');
  assert.ok(packagesLoadedBy(['src/config/schema.ts']).has('zod'));
  assert.ok(COMMANDS.length >= 10 && COMMANDS.includes('src/cli/commands/scan.ts'));
});

for (const command of ['src/cli/main.ts', ...COMMANDS]) {
  test(`${command} loads only what every command needs until it calls out`, () => {
    const allowed = new Set([...EVERY_COMMAND, ...(FOR_COMMAND[command] ?? [])]);
    const extra = [...packagesLoadedBy([command])].filter(([p]) => !allowed.has(p)).map(([p, c]) => `${p}: ${c.join(' <- ')}`);
    assert.deepEqual(extra, [], 'load these with import() where they are used (see connectors/aws/actions.ts, reports/charts/render-chart.ts)');
  });
}

// An analyst's `query` with no config file (the usual `query --db ...`) runs
// its query in a process of its own: its command line needs no connector,
// schema, YAML parser or store engine. They load when a config file is read
// (src/config/load.ts) or a store is opened here (src/cli/context.ts).
test('query loads no connector, config schema, YAML parser or store engine until it needs one', () => {
  const { files, packages } = walkImports(['src/cli/main.ts', 'src/cli/commands/query.ts']);
  const extra = [
    ...[...files].filter(([f]) => f.startsWith('connectors/') || f === 'src/config/schema.ts' || f === 'src/graph/grafeo-store.ts'),
    ...[...packages].filter(([p]) => ['zod', 'yaml', '@grafeo-db/js', 'neo4j-driver'].includes(p)),
  ].map(([x, c]) => `${x}: ${c.join(' <- ')}`);
  assert.deepEqual(extra, []);
});

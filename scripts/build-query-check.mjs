// The last step of `npm run build`: the start-up snapshot of `driftgraph
// query`'s check (src/queries/check-process.ts says why). It bundles the
// compiled guard (dist/src/queries/check-snapshot.js) with Neo4j's generated
// lexer and parser into one script, since a snapshot's program may load no
// module from disk, then has Node.js run it with --build-snapshot. The result,
// dist/query-check/check.blob, starts only on this Node.js, which
// built-with.json records; on any other the check runs in the command's own
// process, as it does when this step never ran.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_WITH, SNAPSHOT, runtimeId } from '../dist/src/queries/check-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = dirname(SNAPSHOT);
const generated = dirname(fileURLToPath(import.meta.resolve('@neo4j-cypher/language-support')));
const program = join(root, 'dist', 'src', 'queries', 'check-snapshot.js');

// The queries analysts start from and the rules' own: judged once while
// building, so the parser's prediction caches hold what queries usually say.
const warmUp = ['saved', 'rules'].flatMap((folder) => {
  const dir = join(root, 'queries', folder);
  return readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
});

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const script = join(out, 'check.cjs');
const at = (file) => JSON.stringify(join(generated, file));
await build({
  stdin: {
    contents: [
      `import * as antlr from 'antlr4ng';`,
      `import { CypherCmdLexer } from ${at('generated-parser/CypherCmdLexer.js')};`,
      `import { CypherCmdParser } from ${at('generated-parser/CypherCmdParser.js')};`,
      `import { splitIntoStatements } from ${at('helpers.js')};`,
      `import { buildCheckSnapshot } from ${JSON.stringify(program)};`,
      `buildCheckSnapshot({ antlr, Lexer: CypherCmdLexer, Parser: CypherCmdParser, splitIntoStatements }, ${JSON.stringify(warmUp)});`,
    ].join('\n'),
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: script,
  logLevel: 'warning',
  // cypher-parser.js finds the package's files through import.meta, which a
  // CommonJS bundle lacks; the bundle gives it the parts instead (useCypherParser).
  logOverride: { 'empty-import-meta': 'silent' },
});
const r = spawnSync(process.execPath, ['--snapshot-blob', SNAPSHOT, '--build-snapshot', script], { encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(`build: the query check's snapshot failed (node --build-snapshot ${script}, exit ${r.status}):\n${r.stderr}`);
  process.exit(1);
}
rmSync(script);
writeFileSync(BUILT_WITH, JSON.stringify({ runtime: runtimeId() }) + '\n');

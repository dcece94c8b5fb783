// The suite's tests, compiled once per run (`tsc -p tsconfig.test.json`, which
// is also the typecheck) into .test-build/, and laid out so each compiled
// file finds what it found beside its source: every other file of src/,
// connectors/, reports/ and test/ (the TypeScript sources some tests read,
// fixtures, static files, plain .mjs helpers) is hard-linked at the same
// path, and every other entry of the repository (examples/, queries/,
// dist/, bin/, docs/, package.json ...) is a symbolic link. A test file then
// runs with plain node, no TypeScript loader: that loader cost more CPU
// than many of the tests themselves.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const BUILD_DIR = '.test-build';
const COMPILED = ['src', 'connectors', 'reports', 'test'];
const NOT_MIRRORED = new Set([...COMPILED, BUILD_DIR, '.git']);

/** Compiles the suite into root/.test-build (from nothing: no file of an earlier run is left). Throws with tsc's output when it does not compile. */
export function compileTests(root: string): void {
  const out = join(root, BUILD_DIR);
  rmSync(out, { recursive: true, force: true });
  // typescript's package exports only its library: its command is found beside it.
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript')), '..', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.test.json')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the tests do not compile (tsc -p tsconfig.test.json):\n${r.stdout}${r.stderr}`);
  for (const dir of COMPILED) linkSources(join(root, dir), join(out, dir));
  // The screenshots and other files tests leave for people to look at go to
  // the repository's artifacts/ (git-ignored), linked below like the rest,
  // even in a fresh clone that has none yet.
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  for (const entry of readdirSync(root)) {
    if (!NOT_MIRRORED.has(entry)) symlinkSync(join(root, entry), join(out, entry));
  }
}

function linkSources(from: string, to: string): void {
  if (!existsSync(from)) return;
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.isDirectory()) linkSources(src, dst);
    else if (e.isFile() && !existsSync(dst)) {
      mkdirSync(dirname(dst), { recursive: true });
      linkSync(src, dst);
    }
  }
}

/** The compiled file a test/ .ts file runs as. */
export function compiledPath(root: string, file: string): string {
  return join(BUILD_DIR, relative(root, resolve(root, file)).replace(/\.ts$/, '.js'));
}

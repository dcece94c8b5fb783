// The package as a user installs it: `npm pack`, then `npm i ./driftgraph-*.tgz`
// in an empty folder, then `npx driftgraph --version`, a scan of the demo
// estate shipped inside the package, and `serve`. The tarball holds the
// compiled program and what it reads at run time, and no tests, benchmark
// estates, TypeScript sources or source maps.
//
// Offline: the folder gets a lock file made of the repository's own (the
// versions `npm ci` installed and these tests ran against), so npm takes every
// dependency from its cache, where `npm ci` left them. Only when the cache
// lacks one does npm fetch it from the registry (--prefer-offline).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from './helpers/cli.js';

const run = promisify(execFile);
// The repository itself, where this file runs compiled (.test-build/, whose package.json is a link to it) or not: npm packs from there.
const ROOT = dirname(realpathSync(fileURLToPath(new URL('../package.json', import.meta.url))));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// npm's own variables (those of the `npm test` running this file) describe that run, not this install.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(package|lifecycle)_/i.test(k) && k !== 'NEO4J_URI'));

let dir: string;
let tarball: string;
let files: string[];

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')), 'dist/ is built (npm run build; npm test builds it first)');
  dir = tempDir('driftgraph-install-');
  // --ignore-scripts: pack the dist/ this run's build made; rebuilding it here
  // would pull it from under the test files running beside this one.
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  const packed = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = packed.filename;
  files = packed.files.map((f) => f.path);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the compiled program and its files, and no tests, benchmarks, sources or maps', () => {
  for (const f of ['package.json', 'README.md', 'bin/driftgraph.mjs', 'dist/src/cli/main.js', 'dist/connectors/index.js', 'examples/demo-estate/manifest.json', 'src/web/static/app.css', 'docs/command-line.md']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.ok(files.some((f) => /^queries\/rules\/.+\.cypher$/.test(f)), 'the rules');
  assert.ok(files.some((f) => /^queries\/saved\/.+\.cypher$/.test(f)), 'the saved queries');
  const unwanted = files.filter((f) => /^test\//.test(f) || /^dist\/test\//.test(f) || /\.map$/.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) || /^tsconfig/.test(f) || /^\.ci\//.test(f));
  assert.deepEqual(unwanted, []);
});

test('installed into an empty folder: npx driftgraph --version, scan --from the shipped demo estate, serve', async () => {
  const app = join(dir, 'app');
  // The user's folder: nothing but the tarball beside it, and the lock file that pins what the repository tested.
  const spec = `file:../${tarball}`;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { [PKG.name]: spec } },
    [`node_modules/${PKG.name}`]: { version: PKG.version, resolved: spec, license: PKG.license, dependencies: PKG.dependencies, bin: PKG.bin, engines: PKG.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { [PKG.name]: spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));

  const install = (cache: '--offline' | '--prefer-offline') =>
    run(NPM, ['install', cache, '--no-audit', '--no-fund', `../${tarball}`], { cwd: app, env, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install('--offline');
  } catch (e) {
    // A cache without some dependency (npm ci ran with another cache): fetch just those.
    if (!/ENOTCACHED/.test(String((e as { stderr?: string }).stderr))) throw e;
    await install('--prefer-offline');
  }

  const version = await run(NPX, ['driftgraph', '--version'], { cwd: app, env });
  assert.equal(version.stdout.trim(), PKG.version);

  // The scan and serve go through the bin npx just ran (node_modules/.bin):
  // the same program, without starting npm again for each.
  const bin = join(app, 'node_modules', '.bin', 'driftgraph');
  const demo = join(app, 'node_modules', PKG.name, 'examples', 'demo-estate');
  const scan = await run(process.execPath, [bin, '--db', 'graph.db', 'scan', '--from', demo, '--json'], { cwd: app, env, maxBuffer: 64 * 1024 * 1024 });
  const summary = JSON.parse(scan.stdout) as { findings: { new: number } };
  assert.ok(summary.findings.new > 0, 'the demo estate has findings');

  // serve run by node itself, so the signal reaches it directly.
  const serve = spawn(process.execPath, [bin, '--db', 'graph.db', 'serve', '--port', '0'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  serve.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: serve.stdout }).on('line', (line) => {
        const m = /^open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`serve ended before it listened: ${stderr}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /finding/i);
    // The view's own files, found from the installed package.
    const css = await fetch(new URL('static/app.css', url));
    assert.equal(css.status, 200);
    assert.ok((await css.text()).length > 0);
    assert.equal((await fetch(new URL('static/cytoscape.min.js', url))).status, 200);
  } finally {
    serve.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
});

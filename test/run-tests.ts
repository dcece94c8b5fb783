// `npm test`'s runner (after the build): every test file under test/, in
// parallel, each in its own process.
// - The suite is compiled first (the typecheck, tsconfig.test.json), and each
//   file runs as the JavaScript compiled from it (test/helpers/compiled-tests.ts),
//   with plain node. DRIFTGRAPH_TEST_FROM_SOURCE=1 runs the TypeScript
//   through tsx instead, without compiling.
// - The demo estate is scanned once here, with the compiled command line,
//   and named in DRIFTGRAPH_TEST_DEMO_STORE: tests that need a scanned demo
//   copy it (test/helpers/demo-store.ts) instead of scanning it again.
// - Files run side by side, the longest first (DRIFTGRAPH_TEST_CONCURRENCY, default: the
//   machine's cores + 1, at least 2: most files spend their time waiting on a
//   child process or a local server). They share no port (servers listen on
//   port 0) and no file (each test writes under its own temporary folder).
// - The slow proofs (fuzzing over 10,000 cases, fifty kill -9s, the L
//   estates) are `npm run proof:*` and `npm run bench`, not part of this run;
//   a small smoke of each stays in the suite.
// Arguments narrow the run to some files: `node --import tsx test/run-tests.ts test/web/*.test.ts`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanDemoInto } from './helpers/demo-store.js';
import { compiledPath, compileTests } from './helpers/compiled-tests.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) found.push(...testFiles(path));
    else if (e.name.endsWith('.test.ts')) found.push(relative(ROOT, path));
  }
  return found.sort();
}

// The longest files start first, so none of them is left running alone at the
// end while the other slots sit idle (the slowest files measured one by one,
// in CPU-seconds and time spent waiting on schedules; the runner prints a full
// run's slowest at its end: keep this list in step with it. The rest follow in
// name order).
const LONGEST_FIRST = [
  'test/package-install.test.ts',
  'test/schedule-ops.test.ts',
  'test/github/github-cli.test.ts',
  'test/cypher-lint.test.ts',
  'test/web/laptop-width.test.ts',
  'test/revoke-github-actions.test.ts',
  'test/hostile/odd-files.test.ts',
  'test/web/routes.test.ts',
  'test/web/saved-queries.test.ts',
  'test/query-guard-differential.test.ts',
  'test/web/console-limits.test.ts',
  'test/report/report-email.test.ts',
  'test/query-limits.test.ts',
  'test/web/review-browser.test.ts',
  'test/foundation.test.ts',
  'test/store-damaged.test.ts',
  'test/incremental-scan.test.ts',
];

// The kill -9 and fuzz runs are proofs: they run with `npm run proof:smoke`
// (and at full size with `proof:kill9`, `proof:fuzz`, `proof:revoke-kill9`),
// not in every `npm test`, which stays fast enough to run on each change.
const PROOFS = ['test/kill9.test.ts', 'test/fuzz.test.ts', 'test/revoke-kill9.test.ts'];

function longestFirst(all: string[]): string[] {
  all = all.filter((f) => !PROOFS.includes(f));
  const first = LONGEST_FIRST.filter((f) => all.includes(f));
  return [...first, ...all.filter((f) => !first.includes(f))];
}

const files = process.argv.length > 2 ? process.argv.slice(2) : longestFirst(testFiles(join(ROOT, 'test')));
const concurrency = Number(process.env.DRIFTGRAPH_TEST_CONCURRENCY ?? Math.max(2, availableParallelism() + 1));

const fromSource = process.env.DRIFTGRAPH_TEST_FROM_SOURCE === '1';
if (!fromSource) {
  try {
    compileTests(ROOT);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}

const shared = mkdtempSync(join(tmpdir(), 'driftgraph-test-run-'));
const started = process.hrtime.bigint();
const demo = join(shared, 'demo', 'graph.db');
scanDemoInto(demo);

// Our own pool rather than one `node --test` over every file: that runner
// orders the files by name, so the longest ones (test/web/...) started last
// and ran alone at the end. Each file's output is printed whole when it ends.
interface FileResult {
  file: string;
  code: number;
  seconds: number;
  pass: number;
  fail: number;
}

function runFile(file: string): Promise<FileResult> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    // The file run directly (node:test runs its tests in-process and sets the
    // exit code), not under `node --test`, which starts a second process per
    // file: the same tests and exit code, for less CPU.
    const args = fromSource ? ['--import', 'tsx', file] : [compiledPath(ROOT, file)];
    const child = spawn(process.execPath, ['--test-reporter=tap', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DRIFTGRAPH_TEST_DEMO_STORE: demo },
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('close', (c, signal) => {
      const text = Buffer.concat(out).toString('utf8');
      process.stdout.write(`\n# ${file}\n${text}`);
      const count = (what: string) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      resolve({ file, code: c ?? (signal ? 1 : 0), seconds: Number(process.hrtime.bigint() - t0) / 1e9, pass: count('pass'), fail: count('fail') });
    });
  });
}

const queue = [...files];
const results: FileResult[] = [];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) results.push(await runFile(f));
  }),
);
const failed = results.filter((r) => r.code !== 0);
const code = failed.length ? 1 : 0;
const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 8);
process.stderr.write(`\nslowest files: ${slowest.map((r) => `${r.file} ${r.seconds.toFixed(0)} s`).join(', ')}\n`);
process.stderr.write(`tests: ${results.reduce((n, r) => n + r.pass, 0)} passed, ${results.reduce((n, r) => n + r.fail, 0)} failed\n`);
if (failed.length) process.stderr.write(`failed files:\n${failed.map((r) => `  ${r.file}`).join('\n')}\n`);
rmSync(shared, { recursive: true, force: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`\n${files.length} test file(s), ${concurrency} at a time, ${seconds.toFixed(0)} s\n`);
process.exitCode = code;

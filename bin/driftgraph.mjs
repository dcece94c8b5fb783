#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci` runs through `prepare`, and shipped in the package): no TypeScript
// compiler or loader at run time.
import { existsSync } from 'node:fs';

// A reader that stops early (`driftgraph findings --format json | head`)
// closes the pipe: that ends the output, it is not an error to report.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('driftgraph: the compiled program is missing (dist/); run `npm run build` in this clone\n');
  process.exit(1);
}
// `--version` alone is answered before the command line (and its parser) loads:
// scripts ask it often, and it should cost no more than starting node.
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  const { VERSION } = await import(new URL('../dist/src/cli/version.js', import.meta.url).href);
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
// `query`'s check and, for the embedded store, the process its query runs
// in start now, while the command line loads (dist/src/queries/check-process.js
// says why). A command that does not use them leaves them unused: they end
// when this process does.
if (args.includes('query') && !args.includes('--help') && !args.includes('-h')) {
  const at = (file) => new URL(`../dist/src/${file}`, import.meta.url).href;
  const [{ startQueryCheck }, { startAnalystQueryProcess }] = await Promise.all([import(at('queries/check-process.js')), import(at('graph/analyst-query.js'))]);
  startQueryCheck();
  if (!args.includes('--neo4j') && !process.env.NEO4J_URI) startAnalystQueryProcess();
}
// scan, demo, schedule and report run in a worker thread with a larger young
// generation (dist/src/cli/run-in-worker.js says why); the rest run here.
const { runsInWorker, runInWorker } = await import(new URL('../dist/src/cli/run-in-worker.js', import.meta.url).href);
if (runsInWorker(args)) {
  process.exitCode = await runInWorker(args);
} else {
  const { main: run } = await import(main.href);
  process.exitCode = await run(args);
}

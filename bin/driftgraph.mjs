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
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));

#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step to forget).
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`driftgraph findings --format json | head`)
// closes the pipe: that ends the output, it is not an error to report.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

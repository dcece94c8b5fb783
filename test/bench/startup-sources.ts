// The command line run from its TypeScript sources (under `node --import tsx`),
// as bin/driftgraph.mjs ran it before the build: the startup benchmark's
// "sources" variant.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../../src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));

// driftgraph compact [--if-above RATIO] [--json]: give back the space the
// embedded store's file holds for old versions, now (a scan does it by itself
// past `store.compactAbove`). Exit 0 compacted or nothing to do; 1 the
// compaction did not complete (the store is as it was).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cliConfig, cliStore, cliStoreLocation, type GlobalOptions } from '../context.js';
import { DEMO_DB } from '../../graph/store-location.js';
import { UsageError } from '../../util/errors.js';
import type { CompactResult } from '../../graph/store.js';

export interface CompactCommandOptions {
  ifAbove?: string;
  json?: boolean;
}

export async function compactCommand(g: GlobalOptions, o: CompactCommandOptions): Promise<{ code: number; result: CompactResult }> {
  const { config } = await cliConfig(g);
  const above = o.ifAbove === undefined ? undefined : Number(o.ifAbove);
  if (above !== undefined && !(Number.isFinite(above) && above >= 1)) throw new UsageError(`--if-above ${o.ifAbove}: a number, 1 or more (e.g. 2)`);
  const at = cliStoreLocation(g, config);
  // Opening a missing file writable would create an empty store.
  if (at.kind === 'embedded' && !existsSync(at.path)) {
    const demo = g.db === undefined && config.db === undefined && existsSync(DEMO_DB) ? ` (the demo's store is ${DEMO_DB}: --db ${DEMO_DB})` : '';
    throw new UsageError(`there is no graph database at ${at.path} yet: run \`driftgraph scan\` first${demo}`);
  }
  const store = await cliStore(g, config);
  let result: CompactResult;
  try {
    result = store.compact
      ? await store.compact({ ...(above !== undefined ? { above } : {}), reopen: false })
      : { compacted: false, failed: false, message: 'this store cannot be compacted' };
  } finally {
    await store.close();
  }
  if (o.json) process.stdout.write(JSON.stringify({ location: store.location, ...result }, null, 2) + '\n');
  else process.stdout.write(`${store.location}: ${result.message}\n`);
  return { code: result.failed ? 1 : 0, result };
}

export function registerCompact(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('compact')
    .description("give back the space the embedded store's file holds for old versions (a scan does it by itself past store.compactAbove)")
    .option('--if-above <ratio>', 'only when the file is more than RATIO times its size after the last compaction (e.g. 2)')
    .option('--json', 'print what it did as JSON')
    .addHelpText(
      'after',
      '\nWrites a fresh copy beside the file, checks that it opens and holds the same nodes and\n' +
        'relationships, then puts it in the file\'s place in one rename. If any step fails the file\n' +
        'is left as it was. It needs free space for the copy and waits for other driftgraph\n' +
        'processes like a scan does. Neo4j manages its own storage: there it does nothing.\n' +
        'Exit codes: 0 compacted, or nothing to do; 1 not compacted (the store is unchanged); 2 bad usage.\n' +
        'Example:\n  driftgraph compact --db .driftgraph/graph.db',
    )
    .action(async (o: CompactCommandOptions) => run(async () => (await compactCommand(program.opts(), o)).code));
}

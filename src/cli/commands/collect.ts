// driftgraph collect --out DIR [--sources LIST]: live APIs to a snapshot, nothing else.
import type { Command } from 'commander';
import { cliConfig, type GlobalOptions } from '../context.js';
import { parseSources } from '../sources-option.js';
import { collectInto } from '../../scan/collect.js';
import { stderrProgress } from '../../util/progress.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';

export async function collectCommand(g: GlobalOptions, o: { out?: string; sources?: string }): Promise<number> {
  if (!o.out) throw new UsageError('collect needs --out DIR');
  const { config } = await cliConfig(g);
  const sources = parseSources(o.sources) ?? (config.aws ? ['aws' as const] : undefined);
  if (!sources) throw new UsageError('collect needs --sources (e.g. --sources aws)');
  const outcomes = await collectInto(o.out, sources, config, stderrProgress(g.quiet));
  for (const x of outcomes) process.stdout.write(`${x.source}: ${x.ok ? 'collected' : `FAILED: ${terminalSafe(x.error)}`}\n`);
  return outcomes.every((x) => x.ok) ? 0 : 1;
}

export function registerCollect(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('collect')
    .description('read the live APIs into a snapshot directory (no graph, no rules)')
    .requiredOption('--out <dir>', 'the snapshot directory to write')
    .option('--sources <list>', 'sources to collect, comma-separated (today: aws)')
    .action(async (o: { out?: string; sources?: string }) => run(() => collectCommand(program.opts(), o)));
}

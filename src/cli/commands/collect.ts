// driftgraph collect --out DIR [--sources LIST]: live APIs to a snapshot, nothing else.
import type { Command } from 'commander';
import { cliConfig, type GlobalOptions } from '../context.js';
import { parseSources } from '../sources-option.js';
import { collectInto } from '../../scan/collect.js';
import { stderrProgress } from '../../util/progress.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';
import type { Config } from '../../config/schema.js';
import { registry } from '../registry.js';

function configuredLiveSources(config: Config): string[] {
  return registry.filter((c) => c.collect && config[c.source] !== undefined).map((c) => c.source);
}

export async function collectCommand(g: GlobalOptions, o: { out?: string; sources?: string }): Promise<number> {
  if (!o.out) throw new UsageError('collect needs --out DIR');
  const { config } = await cliConfig(g);
  // Without --sources: every source with a live API that the config configures.
  const sources = parseSources(o.sources) ?? configuredLiveSources(config);
  if (!sources.length) throw new UsageError('collect needs --sources (e.g. --sources aws), or a source section in the config');
  const outcomes = await collectInto(registry, o.out, sources, config, stderrProgress(g.quiet));
  for (const x of outcomes) {
    const got = terminalSafe(x.containers.filter(Boolean).join(' '));
    process.stdout.write(`${x.source}: ${x.ok ? 'collected' : 'FAILED'}${got ? ` ${got}` : ''}\n`);
    for (const f of x.failed) process.stdout.write(`  ${terminalSafe(f.container ? `${f.container}: ` : '')}${terminalSafe(f.error)}\n`);
  }
  return outcomes.every((x) => x.ok) ? 0 : 1;
}

export function registerCollect(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('collect')
    .description('read the live APIs into a snapshot directory (no graph, no rules)')
    .requiredOption('--out <dir>', 'the snapshot directory to write')
    .option('--sources <list>', `sources to collect, comma-separated (${registry.filter((c) => c.collect).map((c) => c.source).join(',')})`)
    .action(async (o: { out?: string; sources?: string }) => run(() => collectCommand(program.opts(), o)));
}

// driftgraph tickets [--dry-run]: open, update, close and reopen remediation
// tickets. Exit 0 when every sink did its plan, 1 when a sink failed (the
// others still ran; the failed call is named), 2 on bad usage or config.
import type { Command } from 'commander';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import { runTicketsJob } from '../../tickets/sync.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';
import { webhookSigning } from '../../tickets/webhook-secret.js';

export interface TicketsCommandOptions {
  dryRun?: boolean;
  json?: boolean;
}

export async function ticketsCommand(g: GlobalOptions, o: TicketsCommandOptions): Promise<number> {
  const { config } = await cliConfig(g);
  // Say what is missing before a store is opened (or created).
  if (!config.tickets) throw new UsageError('no `tickets` section in the config: add sinks and routes (see README, "Tickets")');
  // Before anything is sent: a named webhook secret that is unset is exit 2; requests that will go unsigned are said once.
  if (!o.dryRun) {
    const signing = webhookSigning(config);
    if (signing.warning) process.stderr.write(`warning: ${signing.warning}\n`);
  }
  const store = await cliStore(g, config, o.dryRun === true);
  try {
    const result = await runTicketsJob(store, config, {
      dryRun: o.dryRun,
      // Plan lines quote finding titles and subjects: inert on the terminal.
      print: o.json ? undefined : (line) => process.stdout.write(terminalSafe(line) + '\n'),
    });
    if (o.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.exitCode;
  } finally {
    await store.close();
  }
}

export function registerTickets(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('tickets')
    .description('open, update, close and reopen remediation tickets (GitHub Issues, Jira, a webhook) from the findings')
    .option('--dry-run', 'print the plan (open, update, close, reopen per sink) and change nothing')
    .option('--json', 'print the outcome per sink as JSON')
    .addHelpText('after', '\nExit codes: 0 done; 1 a sink failed (the others ran; the next run does the rest); 2 bad usage or config.')
    .action(async (o: TicketsCommandOptions) => run(() => ticketsCommand(program.opts(), o)));
}

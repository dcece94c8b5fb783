// driftgraph report [--since DATE] [--out DIR] [--email] [--format text|json]:
// a thin wrapper over the report job in reports/.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import { runReportJob, type ReportJobResult } from '../registry.js';
import { UsageError } from '../../util/errors.js';

export interface ReportOptions {
  since?: string;
  out?: string;
  email?: boolean;
  format?: string;
}

export async function writeReport(g: GlobalOptions, o: ReportOptions): Promise<ReportJobResult> {
  const { config, configDir } = await cliConfig(g);
  // Like exceptionsFile, report.out is relative to the config file.
  const out = o.out ?? (config.report?.out ? resolve(configDir, config.report.out) : undefined);
  const store = await cliStore(g, config, true);
  try {
    return await runReportJob(store, { since: o.since, out, email: o.email, config: config.report });
  } finally {
    await store.close();
  }
}

export async function reportCommand(g: GlobalOptions, o: ReportOptions): Promise<number> {
  const format = (o.format ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${o.format}: one of text, json`);
  const result = await writeReport(g, o);
  if (format === 'json') process.stdout.write(JSON.stringify(result.figures, null, 2) + '\n');
  else process.stdout.write(result.summary);
  for (const w of format === 'json' ? result.figures.warnings : []) process.stderr.write(`WARNING ${JSON.stringify(w)}\n`);
  return result.exitCode;
}

export function registerReport(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('report')
    .description('the drift report: HTML, Markdown, JSON, CSV and charts in --out; --email sends it')
    .option('--since <date>', 'start of the period, exclusive (default: 7 days before the latest scan, which ends it)')
    .option('--out <dir>', 'where to write the files (default report.out in the config, else .driftgraph/reports)')
    .option('--email', 'send it to report.email.to (and per team) over SMTP; password from DRIFTGRAPH_SMTP_PASSWORD')
    .option('--format <f>', 'what to print: text (a summary) or json (every figure)', 'text')
    .addHelpText('after', '\nExit codes: 0 written (and sent); 1 no scan in the period, a failed send or store; 2 bad usage or config.')
    .action(async (o: ReportOptions) => run(() => reportCommand(program.opts(), o)));
}

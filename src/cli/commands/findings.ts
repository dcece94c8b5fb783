// driftgraph findings [--status S] [--rule R] [--severity S] [--source S] [--person P]
//   [--format table|json|csv|sarif|ocsf] [-o FILE]
import type { Command } from 'commander';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withReadStore, type GlobalOptions } from '../context.js';
import { readFindings } from '../../findings/finding-store.js';
import { findingRow, printStreamed, selectFindings, streamFindings, type FindingsFilter } from '../../findings/select.js';
import { render } from '../../util/output.js';
import { cliRules } from '../rules-option.js';
import { toSarif } from '../export/sarif.js';
import { toOcsf } from '../export/ocsf.js';
import { TOOL } from '../version.js';
import { parseFormat } from '../format-option.js';

export interface FindingsOptions extends FindingsFilter {
  format?: string;
  output?: string;
}

/** Write and wait when the pipe is full, so a slow reader does not make output pile up in memory. */
async function toStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

export async function findingsCommand(g: GlobalOptions, o: FindingsOptions): Promise<number> {
  const format = parseFormat(o.format, ['sarif', 'ocsf'] as const);
  // JSON and CSV to stdout stream a page at a time: memory stays bounded on a large store.
  if (!o.output && (format === 'json' || format === 'csv')) {
    await withReadStore(g, (store) => printStreamed(format, streamFindings(store, o), toStdout));
    return 0;
  }
  const contract = selectFindings(await withReadStore(g, readFindings), o);
  let text: string;
  if (format === 'sarif') text = JSON.stringify(toSarif(contract, await cliRules(g), TOOL), null, 2) + '\n';
  else if (format === 'ocsf') text = JSON.stringify(contract.map((f) => toOcsf(f, TOOL)), null, 2) + '\n';
  else {
    const rows = contract.map(findingRow);
    const columns = format === 'table' ? ['severity', 'status', 'rule', 'subject', 'person', 'title'] : Object.keys(rows[0] ?? { id: '' });
    text = render(format, columns, rows, contract);
  }
  if (o.output) {
    await writeAtomically(o.output, text);
    process.stderr.write(`${contract.length} finding(s) written to ${o.output}\n`);
  } else {
    process.stdout.write(text);
    if (format === 'table') process.stderr.write(`${contract.length} finding(s)\n`);
  }
  return 0;
}

/** A reader of FILE (a CI upload step, a SIEM shipper) never sees half of it: write beside it, then rename. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export function registerFindings(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('findings')
    .description('list findings (default: open and excepted ones) as a table, JSON (the finding contract), CSV, SARIF or OCSF')
    .option('--status <s>', 'open, resolved, excepted or all; comma-separated (the default is what still stands)', 'open,excepted')
    .option('--rule <id>', 'only this rule (comma-separated ids)')
    .option('--severity <s>', 'critical, high, medium, low (comma-separated)')
    .option('--source <s>', 'only subjects from this source (aws, hr, github, ...)')
    .option('--person <p>', "only this person's findings (email or employee id)")
    .option('--format <f>', 'table, json (the finding contract), csv, sarif (SARIF 2.1.0) or ocsf (OCSF Detection Finding)', 'table')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (o: FindingsOptions) => run(() => findingsCommand(program.opts(), o)));
}

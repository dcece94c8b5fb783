// driftgraph findings [--status S] [--rule R] [--severity S] [--source S] [--person P]
//   [--format table|json|csv|sarif|ocsf] [-o FILE]
import type { Command } from 'commander';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withReadStore, type GlobalOptions } from '../context.js';
import { readFindings } from '../../findings/finding-store.js';
import { findingRow, selectFindings, type FindingsFilter } from '../../findings/select.js';
import { exportFindings, toFileAtomically } from '../export/streamed.js';
import { render } from '../../util/output.js';
import { cliRules } from '../rules-option.js';
import { TOOL } from '../version.js';
import { parseFormat } from '../format-option.js';
import type { GraphStore } from '../../graph/store.js';
import { checkFilters } from '../../findings/filter-check.js';
import { registry } from '../registry.js';

export interface FindingsOptions extends FindingsFilter {
  format?: string;
  output?: string;
}

/** Write and wait when the pipe is full, so a slow reader does not make output pile up in memory. */
async function toStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

/** A filter value that names nothing that exists is a typo: exit 2 with the closest name, never "(no rows)". */
async function checkOptions(store: GraphStore, g: GlobalOptions, o: FindingsOptions): Promise<void> {
  const ruleIds = (await cliRules(g)).map((r) => r.id);
  await checkFilters(store, o, { ruleIds, sources: registry.map((c) => c.source) }, (key, v) => `--${key} ${v}`);
}

export async function findingsCommand(g: GlobalOptions, o: FindingsOptions): Promise<number> {
  const format = parseFormat(o.format, ['sarif', 'ocsf'] as const);
  // Every format but the table streams a page at a time: memory stays bounded on a large store.
  if (format !== 'table') {
    const rules = format === 'sarif' ? await cliRules(g) : [];
    const n = await withReadStore(g, async (store) => {
      await checkOptions(store, g, o);
      const write = (emit: (text: string) => Promise<void>) => exportFindings(store, o, format, emit, { rules, tool: TOOL });
      return o.output ? toFileAtomically(o.output, write) : write(toStdout);
    });
    if (o.output) process.stderr.write(`${n} finding(s) written to ${o.output}\n`);
    return 0;
  }
  const contract = selectFindings(
    await withReadStore(g, async (store) => {
      await checkOptions(store, g, o);
      return readFindings(store);
    }),
    o,
  );
  // The table: its column widths need every row.
  const rows = contract.map(findingRow);
  const text = render(format, ['severity', 'status', 'rule', 'subject', 'person', 'title'], rows, contract);
  if (o.output) {
    await writeAtomically(o.output, text);
    process.stderr.write(`${contract.length} finding(s) written to ${o.output}\n`);
  } else {
    process.stdout.write(text);
    process.stderr.write(`${contract.length} finding(s)\n`);
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

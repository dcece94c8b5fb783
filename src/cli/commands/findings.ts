// driftgraph findings [--status S] [--rule R] [--severity S] [--source S] [--person P]
//   [--format table|json|csv|sarif|ocsf] [-o FILE]
import type { Command } from 'commander';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withReadStore, type GlobalOptions } from '../context.js';
import { readFindings, toContract, type StoredFinding } from '../../findings/finding-store.js';
import type { Finding } from '../../findings/finding.js';
import { render } from '../output.js';
import { cliRules } from '../rules-option.js';
import { toSarif } from '../export/sarif.js';
import { toOcsf } from '../export/ocsf.js';
import { TOOL } from '../version.js';
import { parseFormat } from '../format-option.js';
import { UsageError } from '../../util/errors.js';
import { SEVERITIES } from '../../rules/rule-file.js';

export interface FindingsOptions {
  status?: string;
  rule?: string;
  severity?: string;
  source?: string;
  person?: string;
  format?: string;
  output?: string;
}

const STATUSES = ['open', 'resolved', 'excepted', 'all'];

export function filterFindings(all: StoredFinding[], o: FindingsOptions): StoredFinding[] {
  const list = (v?: string) => (v ? v.split(',').map((s) => s.trim().toLowerCase()) : null);
  const status = list(o.status);
  const rules = list(o.rule);
  const severities = list(o.severity);
  const sources = list(o.source);
  for (const s of status ?? []) if (!STATUSES.includes(s)) throw new UsageError(`--status ${s}: one of ${STATUSES.join(', ')}`);
  for (const s of severities ?? []) if (!(SEVERITIES as string[]).includes(s)) throw new UsageError(`--severity ${s}: one of ${SEVERITIES.join(', ')}`);
  const person = o.person?.toLowerCase();
  return all.filter(
    (f) =>
      (!status || status.includes('all') || status.includes(f.status)) &&
      (!rules || rules.includes(f.ruleId)) &&
      (!severities || severities.includes(f.severity)) &&
      (!sources || sources.includes(f.subject.source)) &&
      (!person || f.person?.email?.toLowerCase() === person || f.person?.employeeId?.toLowerCase() === person),
  );
}

const ORDER = new Map(SEVERITIES.map((s, i) => [s, i]));

/**
 * The findings the command prints, in its order (severity, rule, id), as the
 * contract JSON. The web view's /api/findings answers with this same list.
 */
export function selectFindings(all: StoredFinding[], o: FindingsOptions): Finding[] {
  const findings = filterFindings(all, { ...o, status: o.status ?? 'open,excepted' });
  findings.sort((a, b) => (ORDER.get(a.severity)! - ORDER.get(b.severity)!) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id));
  return findings.map(toContract);
}

/** One finding as a flat row: the CSV columns of `findings --format csv`. */
export function findingRow(f: Finding) {
  return {
    id: f.id,
    severity: f.severity,
    status: f.status,
    rule: f.ruleId,
    source: f.subject.source,
    container: f.subject.container,
    subjectType: f.subject.type,
    subject: f.subject.id,
    person: f.person?.email ?? '',
    entitlement: f.entitlement ?? '',
    title: f.title,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    resolvedAt: f.resolvedAt ?? '',
    remediation: f.remediation,
  };
}

export async function findingsCommand(g: GlobalOptions, o: FindingsOptions): Promise<number> {
  const format = parseFormat(o.format, ['sarif', 'ocsf'] as const);
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

// driftgraph findings [--status S] [--rule R] [--severity S] [--source S] [--person P]
//   [--format table|json|csv|sarif|ocsf] [-o FILE]
import type { Command } from 'commander';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withReadStore, type GlobalOptions } from '../context.js';
import { readFindings, readFindingsByIds, toContract, type StoredFinding } from '../../findings/finding-store.js';
import type { GraphStore } from '../../graph/store.js';
import { latestScanNow } from '../../person/scan-now.js';
import { csvField } from '../output.js';
import type { Finding } from '../../findings/finding.js';
import { render } from '../output.js';
import { cliRules } from '../rules-option.js';
import { toSarif } from '../export/sarif.js';
import { toOcsf } from '../export/ocsf.js';
import { TOOL } from '../version.js';
import { parseFormat } from '../format-option.js';
import { UsageError } from '../../util/errors.js';
import { SEVERITIES } from '../../rules/rule-file.js';
import { checkFilters, STATUSES } from '../../findings/filter-check.js';
import { registry } from '../registry.js';

export interface FindingsOptions {
  status?: string;
  rule?: string;
  severity?: string;
  source?: string;
  person?: string;
  format?: string;
  output?: string;
}


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
  findings.sort(byCommandOrder);
  return findings.map(toContract);
}

function byCommandOrder(a: { severity: string; ruleId: string; id: string }, b: { severity: string; ruleId: string; id: string }): number {
  return (ORDER.get(a.severity as never)! - ORDER.get(b.severity as never)!) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id);
}

const FETCH = 1000;

/**
 * selectFindings for any number of findings: the fields the filters and the
 * order need are read for all, then whole findings a thousand at a time, so
 * memory holds one batch of findings, not the store's result set.
 */
export async function* streamFindings(store: GraphStore, o: FindingsOptions): AsyncGenerator<Finding> {
  const latest = await latestScanNow(store);
  const rows = await store.read(
    `MATCH (f:Finding) RETURN f.id AS id, f.status AS status, f.severity AS severity, f.ruleId AS ruleId,
            f.subjectSource AS source, f.personEmail AS email, f.personEmployeeId AS employeeId`,
  );
  const slim = rows.map((r) => ({
    id: String(r.id),
    status: String(r.status),
    severity: String(r.severity),
    ruleId: String(r.ruleId),
    subject: { source: String(r.source) },
    person: r.email || r.employeeId ? { email: (r.email as string | null) ?? null, employeeId: (r.employeeId as string | null) ?? null } : null,
  }));
  rows.length = 0;
  const wanted = filterFindings(slim as unknown as StoredFinding[], { ...o, status: o.status ?? 'open,excepted' }).sort(byCommandOrder);
  const ids = wanted.map((f) => f.id);
  for (let i = 0; i < ids.length; i += FETCH) {
    for (const f of await readFindingsByIds(store, ids.slice(i, i + FETCH), latest)) yield toContract(f);
  }
}

/** Write and wait when the pipe is full, so a slow reader does not make output pile up in memory. */
async function toStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

/** `--format json` and `csv`, finding by finding: byte for byte what render() prints for the whole list. */
export async function printStreamed(format: 'json' | 'csv', findings: AsyncIterable<Finding>, emit = toStdout): Promise<void> {
  let first = true;
  for await (const f of findings) {
    if (format === 'json') {
      const item = JSON.stringify(f, null, 2).replace(/^/gm, '  ');
      await emit((first ? '[\n' : ',\n') + item);
    } else {
      const row = findingRow(f) as Record<string, unknown>;
      const columns = Object.keys(row);
      await emit((first ? columns.map(csvField).join(',') + '\n' : '') + columns.map((c) => csvField(row[c])).join(',') + '\n');
    }
    first = false;
  }
  if (format === 'json') await emit(first ? '[]\n' : '\n]\n');
  else if (first) await emit('id\n');
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

/** A filter value that names nothing that exists is a typo: exit 2 with the closest name, never "(no rows)". */
async function checkOptions(store: GraphStore, g: GlobalOptions, o: FindingsOptions): Promise<void> {
  const ruleIds = (await cliRules(g)).map((r) => r.id);
  await checkFilters(store, o, { ruleIds, sources: registry.map((c) => c.source) }, (key, v) => `--${key} ${v}`);
}

export async function findingsCommand(g: GlobalOptions, o: FindingsOptions): Promise<number> {
  const format = parseFormat(o.format, ['sarif', 'ocsf'] as const);
  // JSON and CSV to stdout stream a page at a time: memory stays bounded on a large store.
  if (!o.output && (format === 'json' || format === 'csv')) {
    await withReadStore(g, async (store) => {
      await checkOptions(store, g, o);
      await printStreamed(format, streamFindings(store, o));
    });
    return 0;
  }
  const contract = selectFindings(
    await withReadStore(g, async (store) => {
      await checkOptions(store, g, o);
      return readFindings(store);
    }),
    o,
  );
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

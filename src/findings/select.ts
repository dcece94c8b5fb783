// Which findings a reader asked for, in the order people read them (severity,
// rule, id): the filters of `driftgraph findings` and of the web view, the
// streamed form for large stores, and one finding as a flat row (the CSV
// columns). The command line and the web view both call these.
import { readFindingsByIds, toContract, type StoredFinding } from './finding-store.js';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../graph/scan-now.js';
import { csvField } from '../util/output.js';
import type { Finding } from './finding.js';
import { UsageError } from '../util/errors.js';
import { SEVERITIES } from '../rules/rule-file.js';

/** The filters of `driftgraph findings` and of the web view's findings list (comma-separated lists). */
export interface FindingsFilter {
  status?: string;
  rule?: string;
  severity?: string;
  source?: string;
  person?: string;
}

const STATUSES = ['open', 'resolved', 'excepted', 'all'];

export function filterFindings(all: StoredFinding[], o: FindingsFilter): StoredFinding[] {
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
export function selectFindings(all: StoredFinding[], o: FindingsFilter): Finding[] {
  const findings = filterFindings(all, { ...o, status: o.status ?? 'open,excepted' });
  findings.sort(byCommandOrder);
  return findings.map(toContract);
}

// localeCompare's own order, from one collator: localeCompare sets one up per
// call, which at 300,000 findings is most of the sort's time.
const collator = new Intl.Collator();
const rank = (severity: string) => ORDER.get(severity as never) ?? -1;

/** The order people read findings in, everywhere: most severe first, then rule, then id. */
export function byCommandOrder(a: { severity: string; ruleId: string; id: string }, b: { severity: string; ruleId: string; id: string }): number {
  return rank(a.severity) - rank(b.severity) || collator.compare(a.ruleId, b.ruleId) || collator.compare(a.id, b.id);
}

// Findings read at a time. Small enough that a page is done with before
// V8's young generation fills up: a page of 1,000 lived through collections,
// was moved to the old generation as garbage, and piled up there (500 MiB
// more at 337,000 findings); 250 take the same time in all.
const FETCH = 250;

/** The findings a filter selects, in the command's order: their ids and rules only. */
export interface SelectedIds {
  ids: string[];
  ruleIds: string[];
  /** The latest scan's now: what their lastSeen is read as. */
  latest: string | null;
}

/** What selectFindings picks, as ids: the fields the filters and the order need are read for all findings, nothing more. */
export async function selectIds(store: GraphStore, o: FindingsFilter): Promise<SelectedIds> {
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
  return { ids: wanted.map((f) => f.id), ruleIds: wanted.map((f) => f.ruleId), latest };
}

/**
 * selectFindings for any number of findings: the selected ids first
 * (selectIds), then whole findings a thousand at a time, so memory holds one
 * batch of findings, not the store's result set.
 */
export async function* streamFindings(store: GraphStore, o: FindingsFilter, selected?: SelectedIds): AsyncGenerator<Finding> {
  const { ids, latest } = selected ?? (await selectIds(store, o));
  for (let i = 0; i < ids.length; i += FETCH) {
    for (const f of await readFindingsByIds(store, ids.slice(i, i + FETCH), latest)) yield toContract(f);
  }
}

/** `--format json` and `csv`, finding by finding: byte for byte what render() prints for the whole list. */
export async function printStreamed(format: 'json' | 'csv', findings: AsyncIterable<Finding>, emit: (text: string) => Promise<void>): Promise<void> {
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

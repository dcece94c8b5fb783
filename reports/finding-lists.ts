// The report's finding lists, without holding every finding: each list is
// the ids of its findings in the order shown (most severe first), sorted
// from a light read of every finding (id, severity, rule, status), and only
// the first LIST_LIMIT of each are read whole, for the HTML and Markdown
// lists. The CSV streams every open finding from the store a page at a time
// (csv.ts). At 400,000 findings, a whole finding is a few KiB and its
// summary a few dozen bytes.
import type { GraphStore } from '../src/graph/store.js';
import { readFindingsByIds, type FindingField, type StoredFinding } from '../src/findings/finding-store.js';
import { latestScanNow } from '../src/graph/scan-now.js';
import type { Severity } from '../src/rules/rule-file.js';
import { byCommandOrder } from '../src/findings/select.js';

/** How many findings a list in the HTML and the Markdown shows before pointing at the CSV. */
export const LIST_LIMIT = 50;

/** What the lists are sorted and counted by. */
export interface FindingSummary {
  id: string;
  severity: Severity;
  ruleId: string;
  status: string;
  exceptionExpired: boolean;
}

/** One list: every id, in order, and the first LIST_LIMIT read whole. */
export interface FindingList {
  ids: string[];
  shown: StoredFinding[];
}

/** Reads findings by id, as of the latest scan (their lastSeen and day counts): whole, or only `fields`. */
export type FindingReader = (ids: string[], fields?: readonly FindingField[]) => Promise<StoredFinding[]>;

export async function findingReader(store: GraphStore): Promise<FindingReader> {
  const latest = await latestScanNow(store);
  return (ids, fields) => readFindingsByIds(store, ids, latest, fields);
}

/** Every finding's summary, by id: light columns only. */
export async function readSummaries(store: GraphStore): Promise<Map<string, FindingSummary>> {
  const out = new Map<string, FindingSummary>();
  for (const r of await store.read(
    'MATCH (f:Finding) RETURN f.id AS id, f.severity AS severity, f.ruleId AS ruleId, f.status AS status, f.exceptionExpiredAt IS NOT NULL AS expired',
  )) {
    const id = String(r.id);
    out.set(id, { id, severity: String(r.severity) as Severity, ruleId: String(r.ruleId), status: String(r.status), exceptionExpired: r.expired === true });
  }
  return out;
}

/** The ids among `summaries` that pass `keep`, most severe first. */
export function sortedIds(summaries: Iterable<FindingSummary>, keep: (s: FindingSummary) => boolean = () => true): string[] {
  const list: FindingSummary[] = [];
  for (const s of summaries) if (keep(s)) list.push(s);
  return list.sort(byCommandOrder).map((s) => s.id);
}

/** These ids (those the store holds), most severe first. */
export function pickIds(summaries: Map<string, FindingSummary>, ids: string[]): string[] {
  return sortedIds(ids.map((id) => summaries.get(id)).filter((s): s is FindingSummary => !!s));
}

/** A list of these ids, its first LIST_LIMIT read whole. */
export async function findingList(read: FindingReader, ids: string[]): Promise<FindingList> {
  return { ids, shown: await read(ids.slice(0, LIST_LIMIT)) };
}

/** What is open and neither new, reopened nor an expired exception this period: the report's last list. */
export function stillOpenIds(open: string[], listed: string[][]): string[] {
  const seen = new Set(listed.flat());
  return open.filter((id) => !seen.has(id));
}

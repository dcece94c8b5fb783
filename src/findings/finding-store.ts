// Findings as graph nodes: flat properties (maps are JSON strings, which both
// stores hold), linked to their subject. Read back into the contract's shape.
// A finding is written only when it is new or what it holds changed (status,
// evidence, ...): one found again unchanged is not rewritten, so its stored
// `lastSeen` stays behind and `foundInLatestScan` says the latest scan's now
// is its lastSeen (see effectiveLastSeen). A day count ("unused for 214
// days", `evidence.days`) is likewise filled when the finding is read, from
// `daysFrom` and that lastSeen, so the count moving on is no write either.
import { createHash } from 'node:crypto';
import type { GraphStore, StoreTx } from '../graph/store.js';
import { daysBetween } from '../util/time.js';
import { renderTitle } from './title.js';
import { chunks } from '../graph/batches.js';
import { latestScanNow } from '../graph/scan-now.js';
import type { Finding, FindingStatus } from './finding.js';
import type { Severity } from '../rules/rule-file.js';
import { append } from '../util/arrays.js';

export interface StoredFinding extends Finding {
  subjectKey: string | null;
  reopenedAt: string | null;
  exceptionExpiredAt: string | null;
  /** As stored: the digest of what it held when last written (absent before digests). */
  contentHash?: string;
  /** As stored: the latest scan found it (so its lastSeen is that scan's now). */
  foundInLatestScan?: boolean;
  /** The title with its day count left open (see titleParts in title.ts). */
  titleParts?: (string | 0)[];
  /** The instant `evidence.days` counts from. */
  daysFrom?: string;
  /** The digest of what it was built from (its rule, the rule's row, its subject, person and owners): see reuse.ts. */
  inputDigest?: string;
}

export function toNodeProps(f: StoredFinding): Record<string, unknown> {
  // The day count is not stored: it is filled from daysFrom when read.
  let evidence = f.evidence;
  if (f.daysFrom !== undefined) {
    const { days: _days, ...rest } = f.evidence;
    evidence = rest;
  }
  return {
    id: f.id,
    ruleId: f.ruleId,
    // As of this write; the commands fill the day count from titleParts.
    title: f.title,
    titleParts: f.titleParts ? JSON.stringify(f.titleParts) : null,
    daysFrom: f.daysFrom ?? null,
    severity: f.severity,
    status: f.status,
    subjectKey: f.subjectKey,
    subjectSource: f.subject.source,
    subjectContainer: f.subject.container,
    subjectType: f.subject.type,
    subjectId: f.subject.id,
    subjectName: f.subject.name,
    personEmployeeId: f.person?.employeeId ?? null,
    personEmail: f.person?.email ?? null,
    ownersJson: JSON.stringify(f.owners),
    entitlement: f.entitlement,
    evidenceJson: JSON.stringify(evidence),
    frameworks: f.frameworks,
    remediation: f.remediation,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    resolvedAt: f.resolvedAt,
    reopenedAt: f.reopenedAt,
    exceptionJson: f.exception ? JSON.stringify(f.exception) : null,
    exceptionExpiredAt: f.exceptionExpiredAt,
    revocationUnverified: f.revocationUnverified ?? null,
    inputDigest: f.inputDigest ?? null,
  };
}

function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * lastSeen as the contract means it: a finding the latest scan found was seen
 * at that scan's now, whatever the now of the scan that last wrote it.
 */
export function effectiveLastSeen(p: Record<string, unknown>, latestNow: string | null): string {
  const stored = String(p.lastSeen);
  return p.foundInLatestScan === true && latestNow !== null && latestNow > stored ? latestNow : stored;
}

export function fromNodeProps(p: Record<string, unknown>, latestNow: string | null = null): StoredFinding {
  const lastSeen = effectiveLastSeen(p, latestNow);
  const f: StoredFinding = {
    id: String(p.id),
    ruleId: String(p.ruleId),
    title: String(p.title ?? ''),
    severity: String(p.severity) as Severity,
    status: String(p.status) as FindingStatus,
    subject: {
      source: String(p.subjectSource),
      container: s(p.subjectContainer),
      type: String(p.subjectType),
      id: String(p.subjectId),
      name: s(p.subjectName),
    },
    person: p.personEmployeeId || p.personEmail ? { employeeId: s(p.personEmployeeId), email: s(p.personEmail) } : null,
    owners: p.ownersJson ? JSON.parse(String(p.ownersJson)) : [],
    entitlement: s(p.entitlement),
    evidence: p.evidenceJson ? JSON.parse(String(p.evidenceJson)) : {},
    frameworks: Array.isArray(p.frameworks) ? p.frameworks.map(String) : [],
    remediation: String(p.remediation ?? ''),
    firstSeen: String(p.firstSeen),
    lastSeen,
    resolvedAt: s(p.resolvedAt),
    subjectKey: s(p.subjectKey),
    reopenedAt: s(p.reopenedAt),
    exceptionExpiredAt: s(p.exceptionExpiredAt),
  };
  if (p.exceptionJson) f.exception = JSON.parse(String(p.exceptionJson));
  if (p.revocationUnverified === true) f.revocationUnverified = true;
  // Set by revoke (src/revoke/apply.ts) beside the lifecycle's writes, which never clear it.
  if (p.revocationSent === true) f.revocationSent = true;
  if (typeof p.contentHash === 'string') f.contentHash = p.contentHash;
  if (p.foundInLatestScan === true) f.foundInLatestScan = true;
  if (typeof p.inputDigest === 'string') f.inputDigest = p.inputDigest;
  if (typeof p.daysFrom === 'string') {
    const days = daysBetween(p.daysFrom, lastSeen);
    f.daysFrom = p.daysFrom;
    f.evidence.days = days;
    if (typeof p.titleParts === 'string') {
      f.titleParts = JSON.parse(p.titleParts) as (string | 0)[];
      f.title = renderTitle(f.titleParts, days);
    }
  }
  return f;
}

/** Findings fetched per statement by readFindings: no one statement hands over every finding's body. */
export const FINDING_PAGE = 5_000;

/**
 * Every finding, by id. The ids come first (one light column), then the
 * findings in pages by id (index lookups), so a statement's work is one
 * page's, whatever the estate: the report, tickets and the web view read
 * 400,000 findings without one statement that the store could time out.
 */
export async function readFindings(store: GraphStore): Promise<StoredFinding[]> {
  const latest = await latestScanNow(store);
  const ids = (await store.read('MATCH (f:Finding) RETURN f.id AS id')).map((r) => String(r.id)).sort();
  const out: StoredFinding[] = [];
  for (const page of chunks(ids, FINDING_PAGE)) append(out, await readFindingsByIds(store, page, latest));
  return out;
}

/** What the findings update needs of a stored finding: its state and where it points, never its whole body. */
export interface FindingState {
  id: string;
  ruleId: string;
  status: FindingStatus;
  severity: string;
  subject: { source: string; container: string | null; type: string; id: string };
  subjectKey: string | null;
  firstSeen: string;
  reopenedAt: string | null;
  revocationUnverified: boolean;
  contentHash: string | null;
  foundInLatestScan: boolean;
  /** What it was built from (reuse.ts), and its title as stored: a finding built from the same is not built again. */
  inputDigest: string | null;
  title: string;
  titleParts: (string | 0)[] | null;
  daysFrom: string | null;
}

const STATE_FIELDS = `f.id AS id, f.ruleId AS ruleId, f.status AS status, f.severity AS severity,
  f.subjectSource AS source, f.subjectContainer AS container, f.subjectType AS type, f.subjectId AS subjectId,
  f.subjectKey AS subjectKey, f.firstSeen AS firstSeen, f.reopenedAt AS reopenedAt,
  f.revocationUnverified AS revocationUnverified, f.contentHash AS contentHash, f.foundInLatestScan AS found,
  f.inputDigest AS inputDigest, f.title AS title, f.titleParts AS titleParts, f.daysFrom AS daysFrom`;

function toState(r: Record<string, unknown>): FindingState {
  return {
    id: String(r.id),
    ruleId: String(r.ruleId),
    status: String(r.status) as FindingStatus,
    severity: String(r.severity),
    subject: { source: String(r.source), container: s(r.container), type: String(r.type), id: String(r.subjectId) },
    subjectKey: s(r.subjectKey),
    firstSeen: String(r.firstSeen),
    reopenedAt: s(r.reopenedAt),
    revocationUnverified: r.revocationUnverified === true,
    contentHash: s(r.contentHash),
    foundInLatestScan: r.found === true,
    inputDigest: s(r.inputDigest),
    title: String(r.title ?? ''),
    titleParts: typeof r.titleParts === 'string' ? (JSON.parse(r.titleParts) as (string | 0)[]) : null,
    daysFrom: s(r.daysFrom),
  };
}

/** The state of every stored finding of one rule, by id. */
export async function readRuleStates(store: GraphStore, ruleId: string): Promise<Map<string, FindingState>> {
  const rows = await store.read(`MATCH (f:Finding) WHERE f.ruleId = $ruleId RETURN ${STATE_FIELDS}`, { ruleId });
  return new Map(rows.map((r) => [String(r.id), toState(r)]));
}

/** The state of stored findings of rules other than these (rules that did not run this scan). */
export async function readStatesOutside(store: GraphStore, ruleIds: string[]): Promise<FindingState[]> {
  const rows = await store.read(`MATCH (f:Finding) WHERE NOT f.ruleId IN $ruleIds AND f.status <> 'resolved' RETURN ${STATE_FIELDS}`, { ruleIds });
  return rows.map(toState);
}

/** These findings, by id, in the order given (ids not in the store are left out). */
/**
 * Every property fromNodeProps reads: what a whole finding is read as. Named
 * columns, not properties(f): the embedded engine builds a map of every
 * property for properties(f), and reading the same values as columns takes
 * half the time (a quarter for the CSV's fewer columns).
 */
export const FINDING_FIELDS = [
  'id', 'ruleId', 'title', 'severity', 'status', 'subjectSource', 'subjectContainer', 'subjectType', 'subjectId', 'subjectName',
  'personEmployeeId', 'personEmail', 'ownersJson', 'entitlement', 'evidenceJson', 'frameworks', 'remediation', 'firstSeen',
  'lastSeen', 'foundInLatestScan', 'resolvedAt', 'subjectKey', 'reopenedAt', 'exceptionExpiredAt', 'exceptionJson',
  'revocationUnverified', 'revocationSent', 'contentHash', 'inputDigest', 'daysFrom', 'titleParts',
] as const;

export type FindingField = (typeof FINDING_FIELDS)[number];

/** The RETURN list that reads these properties of `f` (and its id) as columns of the same names. */
export function findingColumns(fields: readonly FindingField[] = FINDING_FIELDS): string {
  return [...new Set<FindingField>(['id', ...fields])].map((c) => `f.${c} AS ${c}`).join(', ');
}

/**
 * These findings, in the order of `ids` (an id the store lacks is left out).
 * `fields` reads only those properties (a reader that shows a few columns);
 * the rest of each finding is then as if never set.
 */
export async function readFindingsByIds(
  store: GraphStore,
  ids: string[],
  latestNow: string | null,
  fields: readonly FindingField[] = FINDING_FIELDS,
): Promise<StoredFinding[]> {
  const rows = await store.read(`UNWIND $ids AS fid MATCH (f:Finding {id: fid}) RETURN ${findingColumns(fields)}`, { ids });
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [fromNodeProps(p, latestNow)] : [];
  });
}

/**
 * The digest of what a finding holds, but for what moves without a write:
 * `lastSeen`, whether the latest scan found it, and a title's day count.
 */
export function findingHash(props: Record<string, unknown>): string {
  const { lastSeen: _lastSeen, foundInLatestScan: _found, contentHash: _hash, ...held } = props;
  if (held.titleParts) delete held.title;
  return createHash('sha1').update(JSON.stringify(held)).digest('base64');
}

/** A finding as one row of the write: its props with their digest, worked out once (planning compares the digest). */
export interface FindingRow {
  id: string;
  subjectKey: string | null;
  /** Its ABOUT relationship is new: the stored finding had no subject key, or another one. */
  newSubject: boolean;
  props: Record<string, unknown> & { contentHash: string };
}

/**
 * The row that writes `f` whole. `previousSubjectKey` is the subject key the
 * stored finding had (undefined: not stored); its ABOUT relationship is kept when equal.
 */
export function findingRow(f: StoredFinding, found: boolean, previousSubjectKey?: string | null): FindingRow {
  const props = toNodeProps(f);
  return {
    id: f.id,
    subjectKey: f.subjectKey,
    newSubject: previousSubjectKey !== f.subjectKey,
    props: { ...props, contentHash: findingHash(props), foundInLatestScan: found },
  };
}

/** Write these findings whole, and their ABOUT relationship when the subject is new. */
export async function writeFindingRows(tx: StoreTx, rows: FindingRow[]): Promise<void> {
  for (const batch of chunks(rows, 1000)) {
    await tx.run(
      `UNWIND $rows AS r
       MERGE (f:Finding {id: r.id})
       SET f += r.props`,
      { rows: batch },
    );
    // Two statements, not one: MATCH after MERGE ... SET in one statement made the engine quadratic.
    const about = batch.filter((r) => r.subjectKey && r.newSubject);
    if (!about.length) continue;
    await tx.run(
      `UNWIND $rows AS r
       MATCH (f:Finding {id: r.id})
       MATCH (n:Entity {key: r.subjectKey})
       MERGE (f)-[:ABOUT]->(n)`,
      { rows: about },
    );
  }
}

/**
 * Findings the latest scan found and this one did not, still standing (kept,
 * or their rule did not run): their lastSeen freezes at that scan's now.
 */
export async function freezeLastSeen(tx: StoreTx, ids: string[], lastSeen: string | null): Promise<void> {
  for (const batch of chunks(ids)) {
    await tx.run('UNWIND $ids AS fid MATCH (f:Finding {id: fid}) SET f.lastSeen = coalesce($lastSeen, f.lastSeen), f.foundInLatestScan = false', {
      ids: batch,
      lastSeen,
    });
  }
}

/** Write findings whole in one transaction (tests and tools that set findings up directly). */
export async function writeFindings(store: GraphStore, findings: StoredFinding[]): Promise<void> {
  await store.writeTx((tx) => writeFindingRows(tx, findings.map((f) => findingRow(f, f.status !== 'resolved'))));
}

/** Contract JSON: the fields of docs/rules.md, in its order. */
export function toContract(f: StoredFinding): Finding {
  const out: Finding = {
    id: f.id,
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    status: f.status,
    subject: f.subject,
    person: f.person,
    owners: f.owners,
    entitlement: f.entitlement,
    evidence: f.evidence,
    frameworks: f.frameworks,
    remediation: f.remediation,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    resolvedAt: f.resolvedAt,
  };
  if (f.revocationUnverified) out.revocationUnverified = true;
  if (f.revocationSent) out.revocationSent = true;
  if (f.exception) out.exception = f.exception;
  return out;
}

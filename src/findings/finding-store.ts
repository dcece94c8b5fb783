// Findings as graph nodes: flat properties (maps are JSON strings, which both
// stores hold), linked to their subject. Read back into the contract's shape.
// A finding is written only when it is new or what it holds changed (status,
// evidence, ...): one found again unchanged is not rewritten, so its stored
// `lastSeen` stays behind and `foundInLatestScan` says the latest scan's now
// is its lastSeen (see effectiveLastSeen).
import { createHash } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../person/scan-now.js';
import type { Finding, FindingStatus } from './finding.js';
import type { Severity } from '../rules/rule-file.js';

export interface StoredFinding extends Finding {
  subjectKey: string | null;
  reopenedAt: string | null;
  exceptionExpiredAt: string | null;
  /** As stored: the digest of what it held when last written (absent before digests). */
  contentHash?: string;
  /** As stored: the latest scan found it (so its lastSeen is that scan's now). */
  foundInLatestScan?: boolean;
}

export function toNodeProps(f: StoredFinding): Record<string, unknown> {
  return {
    id: f.id,
    ruleId: f.ruleId,
    title: f.title,
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
    evidenceJson: JSON.stringify(f.evidence),
    frameworks: f.frameworks,
    remediation: f.remediation,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    resolvedAt: f.resolvedAt,
    reopenedAt: f.reopenedAt,
    exceptionJson: f.exception ? JSON.stringify(f.exception) : null,
    exceptionExpiredAt: f.exceptionExpiredAt,
    revocationUnverified: f.revocationUnverified ?? null,
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
    lastSeen: effectiveLastSeen(p, latestNow),
    resolvedAt: s(p.resolvedAt),
    subjectKey: s(p.subjectKey),
    reopenedAt: s(p.reopenedAt),
    exceptionExpiredAt: s(p.exceptionExpiredAt),
  };
  if (p.exceptionJson) f.exception = JSON.parse(String(p.exceptionJson));
  if (p.revocationUnverified === true) f.revocationUnverified = true;
  if (typeof p.contentHash === 'string') f.contentHash = p.contentHash;
  if (p.foundInLatestScan === true) f.foundInLatestScan = true;
  return f;
}

export async function readFindings(store: GraphStore): Promise<StoredFinding[]> {
  const latest = await latestScanNow(store);
  const rows = await store.read('MATCH (f:Finding) RETURN f ORDER BY f.id');
  return rows.map((r) => fromNodeProps(r.f as Record<string, unknown>, latest));
}

/** These findings, by id, in the order given (ids not in the store are left out). */
export async function readFindingsByIds(store: GraphStore, ids: string[], latestNow: string | null): Promise<StoredFinding[]> {
  const rows = await store.read('UNWIND $ids AS fid MATCH (f:Finding {id: fid}) RETURN f', { ids });
  const byId = new Map(rows.map((r) => [String((r.f as Record<string, unknown>).id), r.f as Record<string, unknown>]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [fromNodeProps(p, latestNow)] : [];
  });
}

function findingHash(props: Record<string, unknown>, found: boolean): string {
  const { lastSeen: _lastSeen, ...held } = props;
  return createHash('sha1').update(JSON.stringify(held)).update(found ? '\0found' : '\0not-found').digest('base64');
}

export interface WriteFindingsOptions {
  /** Every finding the store held before this scan, by id: what is unchanged is not written. */
  previous?: Map<string, StoredFinding>;
  /** Older data: what it adds was not found by the latest scan. */
  olderThanStore?: boolean;
}

/**
 * Write what changed: `findings` (found now, or resolved now) where they differ
 * from `previous`, and previous findings still standing that this scan did not
 * find (their lastSeen freezes at the last scan that did).
 */
export async function writeFindings(store: GraphStore, findings: StoredFinding[], options: WriteFindingsOptions = {}): Promise<void> {
  const previous = options.previous ?? new Map<string, StoredFinding>();
  const todo: { f: StoredFinding; found: boolean }[] = [];
  const written = new Set<string>();
  for (const f of findings) {
    written.add(f.id);
    todo.push({ f, found: !options.olderThanStore && f.status !== 'resolved' });
  }
  if (!options.olderThanStore) {
    for (const prev of previous.values()) {
      if (!written.has(prev.id) && prev.status !== 'resolved' && prev.foundInLatestScan) todo.push({ f: prev, found: false });
    }
  }
  const changed: { id: string; subjectKey: string | null; props: Record<string, unknown> }[] = [];
  for (const { f, found } of todo) {
    const props = toNodeProps(f);
    const hash = findingHash(props, found);
    if (previous.get(f.id)?.contentHash === hash) continue;
    changed.push({ id: f.id, subjectKey: f.subjectKey, props: { ...props, contentHash: hash, foundInLatestScan: found } });
  }
  if (!changed.length) return;
  // One transaction: a scan stopped or killed here leaves every finding as
  // it was or every finding updated, never half of them resolved.
  await store.writeTx(async (tx) => {
    for (let i = 0; i < changed.length; i += 1000) {
      const rows = changed.slice(i, i + 1000);
      await tx.run(
        `UNWIND $rows AS r
         MERGE (f:Finding {id: r.id})
         SET f += r.props`,
        { rows },
      );
      // A finding keeps its ABOUT relationship while its subject stays the same.
      const about = rows.filter((r) => r.subjectKey && previous.get(r.id)?.subjectKey !== r.subjectKey);
      if (!about.length) continue;
      await tx.run(
        `UNWIND $rows AS r
         MATCH (f:Finding {id: r.id})
         MATCH (n:Entity {key: r.subjectKey})
         MERGE (f)-[:ABOUT]->(n)`,
        { rows: about },
      );
    }
  });
}

/** Contract JSON: the fields of spec/rules.md, in its order. */
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
  if (f.exception) out.exception = f.exception;
  return out;
}

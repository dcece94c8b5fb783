// Findings as graph nodes: flat properties (maps are JSON strings, which both
// stores hold), linked to their subject. Read back into the contract's shape.
import type { GraphStore } from '../graph/store.js';
import type { Finding, FindingStatus } from './finding.js';
import type { Severity } from '../rules/rule-file.js';

export interface StoredFinding extends Finding {
  subjectKey: string | null;
  reopenedAt: string | null;
  exceptionExpiredAt: string | null;
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

export function fromNodeProps(p: Record<string, unknown>): StoredFinding {
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
    lastSeen: String(p.lastSeen),
    resolvedAt: s(p.resolvedAt),
    subjectKey: s(p.subjectKey),
    reopenedAt: s(p.reopenedAt),
    exceptionExpiredAt: s(p.exceptionExpiredAt),
  };
  if (p.exceptionJson) f.exception = JSON.parse(String(p.exceptionJson));
  if (p.revocationUnverified === true) f.revocationUnverified = true;
  return f;
}

export async function readFindings(store: GraphStore): Promise<StoredFinding[]> {
  const rows = await store.read('MATCH (f:Finding) RETURN f ORDER BY f.id');
  return rows.map((r) => fromNodeProps(r.f as Record<string, unknown>));
}

export async function writeFindings(store: GraphStore, findings: StoredFinding[]): Promise<void> {
  for (let i = 0; i < findings.length; i += 1000) {
    const rows = findings.slice(i, i + 1000).map((f) => ({ id: f.id, subjectKey: f.subjectKey, props: toNodeProps(f) }));
    await store.write(
      `UNWIND $rows AS r
       MERGE (f:Finding {id: r.id})
       SET f += r.props`,
      { rows },
    );
    await store.write(
      `UNWIND $rows AS r
       MATCH (f:Finding {id: r.id})
       MATCH (n:Entity {key: r.subjectKey})
       MERGE (f)-[:ABOUT]->(n)`,
      { rows: rows.filter((r) => r.subjectKey) },
    );
  }
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

// The finding: the product's outside contract (docs/rules.md "A finding").
// Its id is a hash of the rule and the subject (and entitlement), so the same
// problem keeps its id across scans, stores and machines.
import { createHash } from 'node:crypto';
import type { Severity } from '../rules/rule-file.js';

export type FindingStatus = 'open' | 'resolved' | 'excepted';

export interface FindingSubject {
  source: string;
  container: string | null;
  type: string;
  id: string;
  name: string | null;
}

export interface FindingOwner {
  kind: 'person' | 'team';
  id: string;
  method: string;
}

export interface Finding {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  subject: FindingSubject;
  person: { employeeId: string | null; email: string | null } | null;
  owners: FindingOwner[];
  entitlement: string | null;
  evidence: Record<string, unknown>;
  frameworks: string[];
  remediation: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  revocationUnverified?: boolean;
  /** `driftgraph revoke --apply` sent its revocation; only a later scan that no longer sees the access resolves it. */
  revocationSent?: boolean;
  exception?: { reason: string; approvedBy: string; expires: string | null };
}

export function findingId(ruleId: string, subject: FindingSubject, entitlement: string | null): string {
  const basis = [ruleId, subject.source, subject.container ?? '', subject.id, entitlement ?? ''].join('\u0000');
  return 'f_' + createHash('sha256').update(basis).digest('hex').slice(0, 24);
}

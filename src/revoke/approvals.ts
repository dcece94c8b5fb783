// Approvals: a person says a finding the policy routes to approval may be
// acted on. Recorded in the audit trail (file first) and the store; an
// approval with an expiry stops counting after it.
import type { GraphStore } from '../graph/store.js';
import { fromNodeProps } from '../findings/finding-store.js';
import { UsageError } from '../util/errors.js';
import type { AuditTrail } from './audit.js';
import type { RevocationConfig } from './config.js';
import { decide } from './policy.js';

export interface Approval {
  findingId: string;
  by: string;
  reason: string;
  expires: string | null;
  at: string;
}

export async function readApprovals(store: GraphStore): Promise<Approval[]> {
  const rows = await store.read('MATCH (a:RevocationApproval) RETURN a.findingId AS findingId, a.by AS by, a.reason AS reason, a.expires AS expires, a.at AS at ORDER BY at DESC');
  return rows.map((r) => ({ findingId: String(r.findingId), by: String(r.by), reason: String(r.reason), expires: r.expires == null ? null : String(r.expires), at: String(r.at) }));
}

export const APPROVER_EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

export interface ApprovalRequest {
  by: string | undefined;
  reason: string | undefined;
  /** A date or an ISO instant; absent: no expiry. */
  expires?: string;
  /** Where it was given: `cli`, or `web (from ADDRESS)`. */
  via: string;
}

/**
 * Record an approval for a finding the policy covers: checked (an email, a
 * reason, an expiry in the future, a finding that exists and that an approval
 * would make driftgraph act on), then written to the audit file and the store.
 * Every refusal is a UsageError saying what to fix.
 */
export async function recordApproval(
  store: GraphStore,
  audit: AuditTrail,
  config: RevocationConfig | undefined,
  findingId: string,
  r: ApprovalRequest,
  now = new Date().toISOString(),
): Promise<{ approval: Approval; routine: boolean }> {
  if (!r.by || !APPROVER_EMAIL.test(r.by)) throw new UsageError("the approver's email address is required");
  if (!r.reason?.trim()) throw new UsageError('say why this revocation is approved (a reason is required)');
  let expires: string | null = null;
  if (r.expires !== undefined && r.expires !== '') {
    const ms = Date.parse(r.expires);
    if (Number.isNaN(ms)) throw new UsageError(`expires ${r.expires}: not a date (YYYY-MM-DD or an ISO instant)`);
    expires = new Date(ms).toISOString();
    if (expires <= now) throw new UsageError(`expires ${r.expires}: already past`);
  }
  const rows = await store.read('MATCH (f:Finding {id: $id}) RETURN properties(f) AS f', { id: findingId });
  if (!rows.length) throw new UsageError(`${findingId}: no such finding (driftgraph findings lists them)`);
  const f = fromNodeProps(rows[0]!.f as Record<string, unknown>);
  const d = decide(config, f, now);
  if (d.kind === 'none') throw new UsageError(`${findingId}: not covered by revocation.approval in the config: an approval would not make driftgraph act on it`);
  const reason = r.reason.trim();
  const rec = await audit.record({
    event: 'approved',
    findingId,
    ruleId: f.ruleId,
    subject: { source: f.subject.source, container: f.subject.container, type: f.subject.type, id: f.subject.id },
    approval: { by: r.by, reason, expires, via: r.via },
    decidedBy: r.by,
  });
  return { approval: { findingId, by: r.by, reason, expires, at: rec.at }, routine: d.kind === 'routine' };
}

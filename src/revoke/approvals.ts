// Approvals: a person says a finding the policy routes to approval may be
// acted on. Recorded in the audit trail (file first) and the store; an
// approval with an expiry stops counting after it.
import type { GraphStore } from '../graph/store.js';

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

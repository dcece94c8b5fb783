// What the web view shows of a finding's revocations and how it approves one:
// the contract between src/revoke (which plans and records) and src/web
// (which draws the page), kept here so the web view depends on revocation
// and never the other way round.
import type { GraphStore } from '../graph/store.js';

/** One planned revocation of a finding, as its page shows it. */
export interface FindingRevocation {
  actionId: string;
  /** ready, awaiting-approval, grace, blocked, done or no-action. */
  state: string;
  summary: string;
  calls: string[];
  reversible: boolean;
  reason: string | null;
}

export interface FindingApproval {
  by: string;
  reason: string;
  expires: string | null;
  at: string;
  via: string | null;
}

export interface WebRevocations {
  /** What the revocation plan holds for this finding and the approvals given; null when no policy line covers it. Reads only. */
  forFinding(store: GraphStore, findingId: string): Promise<{ entries: FindingRevocation[]; approvals: FindingApproval[] } | null>;
  /** Record an approval (the store is open for writing); a refusal is a UsageError saying why. */
  approve(store: GraphStore, findingId: string, r: { by: string; reason: string; expires?: string; via: string }): Promise<FindingApproval>;
}

// What a campaign is made of: the campaign, its items (one per reviewer and
// access: several owners of one identity each get an item for it, any of
// them may answer), and the events that happen to them, kept as JSON Lines
// (journal.ts). Every value here that came from a provider or a reviewer is
// data: each output escapes it.
import type { ReviewScope } from './config.js';

export interface Campaign {
  id: string;
  name: string;
  scope: ReviewScope;
  sources: string[] | null;
  createdAt: string;
  /** Decisions are due before this instant. */
  due: string;
  /** A "keep" without keepDays holds this many days. */
  keepDays: number;
  createdBy: string;
  /** Items, accesses under review, and items that went to the fallback reviewer. */
  items: number;
  accesses: number;
  fallbackItems: number;
  /** The revocation audit trail a "revoke" is recorded in as an approval. */
  auditFile: string;
  /** Overdue items count as failed reviews (revocation triggers). */
  overdueFails: boolean;
}

export type ItemKind = 'nhi' | 'credential' | 'privileged-account' | 'account';

export interface ItemSubject {
  key: string;
  source: string;
  container: string | null;
  type: string;
  id: string;
  name: string | null;
}

/** What the graph held about the access when the campaign started: the reviewer sees it beside the question. */
export interface ItemEvidence {
  active: boolean;
  lastUsed: string | null;
  privileged: boolean;
  privilegeReasons: string[];
  entitlements: string[];
  credentials: { id: string; type: string; lastUsed: string | null }[];
  /** The owners (NHI) or the person (account) the graph records. */
  owners: string[];
  /** Who else may answer for it in this campaign. */
  otherReviewers: string[];
  openFindings: { id: string; ruleId: string; severity: string; title: string }[];
}

export interface ReviewItem {
  id: string;
  campaignId: string;
  /** The access under review: the same for every reviewer of it. */
  accessId: string;
  reviewer: string;
  /** Why this person may decide: `owner (catalog)`, `member of team group:default/payments (owner)`, `manager of ana@x`, `fallback reviewer (...)`. */
  authority: string;
  fallback: boolean;
  kind: ItemKind;
  subject: ItemSubject;
  /** The person an account belongs to. */
  person: { email: string | null; name: string | null } | null;
  evidence: ItemEvidence;
}

export const DECISIONS = ['keep', 'revoke', 'reassign', 'not-mine'] as const;
export type Decision = (typeof DECISIONS)[number];

export type ReviewEventKind = 'decided' | 'link-issued' | 'link-used' | 'reminded' | 'escalated' | 'closed';

export interface ReviewEvent {
  eventId: string;
  at: string;
  event: ReviewEventKind;
  itemId?: string;
  accessId?: string;
  decision?: Decision;
  /** The reviewer who decided (their email), or who a link or reminder went to. */
  by?: string;
  reason?: string;
  /** keep: until when, and the open findings accepted until then. */
  keepUntil?: string;
  acceptedFindings?: string[];
  /** reassign: the new owner (an email or a team ref). */
  newOwner?: string;
  authority?: string;
  /** `cli` or `web`. */
  via?: string;
  tokenId?: string;
  expires?: string;
}

// The drift report's figures: what `driftgraph report --format json` prints
// (docs/report.md explains every key), and the finding lists the HTML,
// Markdown and CSV show beside them. Durations are hours.
import type { FindingList, FindingReader, FindingSummary } from './finding-lists.js';
import type { Severity } from '../src/rules/rule-file.js';

export type BySeverity = Record<Severity, number>;

export interface SourceFreshness {
  source: string;
  /** In the period's last scan: loaded, partial (some containers failed), failed or not-scanned. */
  status: string;
  /** `now` of the latest scan in which it loaded completely; null: never. */
  lastLoaded: string | null;
  errors: string[];
  containers: { container: string; status: string; lastLoaded: string | null; error?: string }[];
}

export interface Revocation {
  person: string;
  email: string | null;
  name: string | null;
  /** Leave (or move) instant. */
  since: string;
  revokedAt: string | null;
  hours: number | null;
}

export interface RevocationFigures {
  /** Median and 90th percentile over those fully revoked in the period; null when none were. */
  median: number | null;
  p90: number | null;
  /** How many were fully revoked in the period. */
  revoked: number;
  /** How many still hold access at the end of the period. */
  pending: number;
  /** Those still holding access, oldest first, with their age at the end of the period. */
  pendingList: { person: string; email: string | null; name: string | null; since: string; ageHours: number }[];
}

export interface SplitFigures {
  median: number | null;
  p90: number | null;
  revoked: number;
}

export interface RevocationActionLine {
  actionId: string;
  findingId: string;
  ruleId: string;
  /** The action in words (provider values inside: escape per output). */
  summary: string;
  at: string;
  detail: string | null;
}

/** driftgraph's own revocations (`driftgraph revoke`, the scheduler's revoke job). */
export interface RevocationActionFigures {
  /** Actions on record at all (0: driftgraph never planned a revocation here; the formats leave the section out). */
  recorded: number;
  /** Time to revoke of those revoked in the period: automatic when driftgraph sent at least one of the person's revocations before their access was gone, manual otherwise. */
  timeToRevoke: { leavers: { automatic: SplitFigures; manual: SplitFigures }; movers: { automatic: SplitFigures; manual: SplitFigures } };
  /** Actions sent in the period (still standing: an undone one is not counted), and of them by a routine policy line or by an approval. */
  sent: number;
  sentByPolicy: number;
  sentByApproval: number;
  /** Actions whose latest attempt in the period failed (the next run retries them), with the failed call. */
  failed: RevocationActionLine[];
  /** Actions undone in the period, with who undid them. */
  undone: RevocationActionLine[];
  /** Planned actions an approval line routes to a person, with no approval yet (as of the period's end). */
  awaitingApproval: { actionId: string; findingId: string; ruleId: string; summary: string; plannedAt: string; severity: string }[];
}

export interface TrendWeek {
  /** The week is (weekStart, weekEnd]. */
  weekStart: string;
  weekEnd: string;
  scans: number;
  /** Open findings after the week's last scan; null when no scan recorded them. */
  open: BySeverity | null;
  new: number;
  resolved: number;
  timeToRevokeMedian: number | null;
  timeToRevokeP90: number | null;
}

export interface ReportFigures {
  period: { since: string; until: string; scans: number };
  /** ageHours: from the scan's now to when the report was made; stale: older than staleAfterHours. */
  latestScan: { id: string; now: string; exitCode: number | null; ageHours?: number; stale?: boolean } | null;
  warnings: string[];
  sources: SourceFreshness[];
  findings: {
    open: BySeverity & { total: number };
    openByRule: Record<string, number>;
    excepted: number;
    new: number;
    newBySeverity: BySeverity;
    resolved: number;
    reopened: number;
    timeToResolve: { mean: number | null; median: number | null; count: number };
    revocationUnverified: number;
  };
  timeToRevoke: { leavers: RevocationFigures; movers: RevocationFigures };
  revocations: RevocationActionFigures;
  /** Of leavers whose fifth day after leaving is in the period: their credentials, and those still valid then. */
  leaverCredentials: { credentials: number; stillValidAfter5Days: number; share: number | null };
  nhis: { total: number; withoutOwner: number; withoutOwnerShare: number | null };
  credentials: { active: number; withoutExpiry: number };
  exceptions: { active: number; expiringIn14Days: number; expired: number };
  byTeam: ({ team: string; total: number } & BySeverity)[];
  byContainer: ({ source: string; container: string; total: number } & BySeverity)[];
  trends: TrendWeek[];
  /** Access review campaigns not closed: items, those still open and those answered (decided, by a colleague, or not mine). */
  reviews: { campaign: string; scope: string; due: string; items: number; open: number; decided: number; overdue: boolean }[];
}

export interface ReportData {
  figures: ReportFigures;
  /**
   * The lists the HTML, Markdown and CSV show: every id, most severe first,
   * and the first LIST_LIMIT read whole (finding-lists.ts). `stillOpen`: open
   * and neither new, reopened nor an expired exception (each finding of the
   * Markdown appears once).
   */
  lists: {
    open: FindingList;
    new: FindingList;
    resolved: FindingList;
    reopened: FindingList;
    exceptionExpired: FindingList;
    stillOpen: FindingList;
  };
  /** Every finding's summary (severity, rule, status), for sorting and per-team counts. */
  summaries: Map<string, FindingSummary>;
  /** Reads findings whole, by id (the CSV streams through it). */
  read: FindingReader;
  /** Open finding id -> owner teams (for the per-team mails). */
  teamsOf: Map<string, string[]>;
}

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
  /** Of leavers whose fifth day after leaving is in the period: their credentials, and those still valid then. */
  leaverCredentials: { credentials: number; stillValidAfter5Days: number; share: number | null };
  nhis: { total: number; withoutOwner: number; withoutOwnerShare: number | null };
  credentials: { active: number; withoutExpiry: number };
  exceptions: { active: number; expiringIn14Days: number; expired: number };
  byTeam: ({ team: string; total: number } & BySeverity)[];
  byContainer: ({ source: string; container: string; total: number } & BySeverity)[];
  trends: TrendWeek[];
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

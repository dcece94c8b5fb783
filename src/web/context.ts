// What every route gets: read access to the store and the page frame.
import type { StoreAccess } from './store-access.js';
import type { PageOptions } from './layout.js';
import { layout } from './layout.js';
import type { SafeHtml } from './html.js';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../graph/scan-now.js';
import { dataAge } from '../util/data-age.js';

export interface WebContext {
  access: StoreAccess;
  /** Where the graph is, for the header (a path or a bolt URI without password). */
  storeLabel: string;
  savedDir?: string;
  /** The header warns when the latest scan is older than this (config staleAfterHours, default 36). */
  staleAfterHours?: number;
  /** The drift report's figures and charts (reports/), handed in by `driftgraph serve`. */
  dashboard: Dashboard;
  /** Revocations of a finding and approving them (src/revoke/), handed in by `driftgraph serve`; absent: the view shows none. */
  revocations?: WebRevocations;
  /** The anti-forgery token every form of this view carries (csrf.ts); made at start when not given. */
  csrf?: string;
}

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

/** What the dashboard page needs from the report: its body, and each chart drawn as PNG (null: no such chart). */
export interface Dashboard {
  page(store: GraphStore): Promise<SafeHtml>;
  chart(store: GraphStore, id: string): Promise<(() => Promise<Uint8Array>) | null>;
}

export async function pageHtml(w: WebContext, store: GraphStore, o: Omit<PageOptions, 'age' | 'store'>, body: SafeHtml): Promise<string> {
  return layout({ ...o, age: dataAge(await latestScanNow(store), w.staleAfterHours), store: w.storeLabel }, body);
}

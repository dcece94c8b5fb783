// What every route gets: read access to the store and the page frame.
import type { StoreAccess } from './store-access.js';
import type { PageOptions } from './layout.js';
import { layout } from './layout.js';
import type { SafeHtml } from './html.js';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../graph/scan-now.js';
import { dataAge } from '../util/data-age.js';
import type { ReviewDesk } from '../reviews/desk.js';

export type { FindingApproval, FindingRevocation, WebRevocations } from '../revoke/web-view.js';
import type { WebRevocations } from '../revoke/web-view.js';

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
  /** The key of the anti-forgery tokens the analyst's forms carry (csrf.ts); made at start when not given. */
  csrfKey?: Buffer;
  /** Access reviews (the reviewers' queues under /review/), handed in by `driftgraph serve`. */
  reviews?: ReviewDesk;
}

/** What the dashboard page needs from the report: its body, and each chart drawn as PNG (null: no such chart). */
export interface Dashboard {
  page(store: GraphStore): Promise<SafeHtml>;
  chart(store: GraphStore, id: string): Promise<(() => Promise<Uint8Array>) | null>;
}

export async function pageHtml(w: WebContext, store: GraphStore, o: Omit<PageOptions, 'age' | 'store'>, body: SafeHtml): Promise<string> {
  return layout({ ...o, age: dataAge(await latestScanNow(store), w.staleAfterHours), store: w.storeLabel }, body);
}

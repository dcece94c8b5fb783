// What every route gets: read access to the store and the page frame.
import type { StoreAccess } from './store-access.js';
import type { PageOptions } from './layout.js';
import { layout } from './layout.js';
import type { SafeHtml } from './html.js';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../person/scan-now.js';

export interface WebContext {
  access: StoreAccess;
  /** Where the graph is, for the header (a path or a bolt URI without password). */
  storeLabel: string;
  savedDir?: string;
}

export async function pageHtml(w: WebContext, store: GraphStore, o: Omit<PageOptions, 'asOf' | 'store'>, body: SafeHtml): Promise<string> {
  return layout({ ...o, asOf: await latestScanNow(store), store: w.storeLabel }, body);
}

// What every route gets: read access to the store and the page frame.
import type { StoreAccess } from './store-access.js';
import type { PageOptions } from './layout.js';
import { layout } from './layout.js';
import type { SafeHtml } from './html.js';
import type { GraphStore } from '../graph/store.js';
import { latestScanNow } from '../person/scan-now.js';
import { dataAge } from '../util/data-age.js';

export interface WebContext {
  access: StoreAccess;
  /** Where the graph is, for the header (a path or a bolt URI without password). */
  storeLabel: string;
  savedDir?: string;
  /** The header warns when the latest scan is older than this (config staleAfterHours, default 36). */
  staleAfterHours?: number;
}

export async function pageHtml(w: WebContext, store: GraphStore, o: Omit<PageOptions, 'age' | 'store'>, body: SafeHtml): Promise<string> {
  return layout({ ...o, age: dataAge(await latestScanNow(store), w.staleAfterHours), store: w.storeLabel }, body);
}

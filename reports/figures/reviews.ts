// Access review campaigns still open: their items by status, from the saved
// query report-review-campaigns (as of the latest scan or review command).
import type { GraphStore } from '../../src/graph/store.js';
import { runSaved } from '../saved-query.js';
import type { ReportFigures } from '../report-data.js';

export async function reviewFigures(store: GraphStore, until: string): Promise<ReportFigures['reviews']> {
  const byCampaign = new Map<string, ReportFigures['reviews'][number]>();
  for (const r of await runSaved(store, 'report-review-campaigns')) {
    const id = String(r.campaign);
    const c = byCampaign.get(id) ?? { campaign: id, scope: String(r.scope), due: String(r.due), items: 0, open: 0, decided: 0, overdue: false };
    const n = Number(r.items);
    c.items += n;
    if (r.status === 'open') c.open += n;
    else c.decided += n;
    c.overdue = c.open > 0 && c.due < until;
    byCampaign.set(id, c);
  }
  return [...byCampaign.values()];
}

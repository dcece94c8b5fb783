// The same figures week by week: up to 12 weeks (since, until] ending at the
// report's end, starting with the week of the first scan. Open findings come
// from each week's last scan record; new and resolved from the same saved
// queries as the period figures; time to revoke from leavers revoked that week.
import type { GraphStore } from '../../src/graph/store.js';
import type { Revocation, TrendWeek } from '../report-data.js';
import type { ScanRecord } from './scans.js';
import { periodFindings, type PeriodFindings } from './findings.js';
import { revocationFigures } from './revocation.js';

const WEEK = 7 * 86_400_000;
export const TREND_WEEKS = 12;

export async function weeklyTrends(
  store: GraphStore,
  scans: ScanRecord[],
  leavers: (Revocation & { pending: boolean })[],
  until: string,
  /** Figures already read for a period (the report's own, which is often the last week): not read again. */
  known?: { since: string; until: string; figures: PeriodFindings },
): Promise<TrendWeek[]> {
  const first = scans[0]?.now;
  if (!first) return [];
  const end = Date.parse(until);
  const weeks: TrendWeek[] = [];
  for (let i = TREND_WEEKS - 1; i >= 0; i--) {
    const weekEnd = new Date(end - i * WEEK).toISOString();
    const weekStart = new Date(end - (i + 1) * WEEK).toISOString();
    if (weekEnd < first) continue;
    const inWeek = scans.filter((s) => s.now > weekStart && s.now <= weekEnd);
    const f = known && known.since === weekStart && known.until === weekEnd ? known.figures : await periodFindings(store, weekStart, weekEnd);
    const ttr = revocationFigures(
      leavers.map((l) => ({ ...l, pending: false })),
      weekStart,
      weekEnd,
    );
    weeks.push({
      weekStart,
      weekEnd,
      scans: inWeek.length,
      open: inWeek.at(-1)?.open ?? null,
      new: f.newIds.length,
      resolved: f.resolvedIds.length,
      timeToRevokeMedian: ttr.median,
      timeToRevokeP90: ttr.p90,
    });
  }
  return weeks;
}

// The joiner-mover-leaver review queue: each HR event of the period opens a
// review of the person's access against what changed. A leaver stays in the
// queue, whatever the period, until nothing of theirs is active; the clock
// runs from the event (time to revoke).
import type { GraphStore } from '../graph/store.js';
import { readFindings } from '../findings/finding-store.js';
import type { Finding } from '../findings/finding.js';
import { personAccess, type AccountView, type OwnedView } from '../person/access.js';
import { latestScanNow } from '../graph/scan-now.js';

export type JmlEvent = 'leaver' | 'mover' | 'joiner' | 'rehire';

export interface JmlItem {
  event: JmlEvent;
  eventAt: string;
  /** Whole hours from the event to the latest scan's now. */
  hoursSince: number;
  change: string;
  person: { key: string; employeeId: string; email: string | null; displayName: string | null; department: string | null; status: string | null };
  /** Accounts the scans knew at the event (removed since included). */
  before: { key: string; source: string; container: string | null; name: string | null; removedAt: string | null }[];
  /** What is active now: accounts (with entitlements) and owned NHIs and credentials. */
  now: { accounts: AccountView[]; owned: OwnedView[] };
  activeCount: number;
  /** The findings that still stand for this person: what the rules say should go. */
  shouldGo: Finding[];
  /** Nothing of a leaver is active any more (a joiner or mover is reviewed, never "done" by itself). */
  done: boolean;
}

export interface JmlQueue {
  asOf: string | null;
  periodDays: number;
  items: JmlItem[];
}

const DAY = 86_400_000;
const s = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export async function jmlQueue(store: GraphStore, periodDays = 90): Promise<JmlQueue> {
  const asOf = await latestScanNow(store);
  const nowMs = Date.parse(asOf ?? new Date().toISOString());
  const from = new Date(nowMs - periodDays * DAY).toISOString();
  const people = await store.read(
    `MATCH (p:Person) WHERE p.removedAt IS NULL
       AND (p.isLeaver = true OR p.movedAt >= $from OR p.joinedAt >= $from)
     RETURN p ORDER BY p.employeeId`,
    { from },
  );
  const findings = await readFindings(store);
  const items: JmlItem[] = [];
  for (const row of people) {
    const p = row.p as Record<string, unknown>;
    const events: { event: JmlEvent; at: string; change: string }[] = [];
    const leftAt = s(p.leftAt);
    if (p.isLeaver === true && leftAt) events.push({ event: 'leaver', at: leftAt, change: `${s(p.status) ?? 'left'}, end date ${s(p.endDate) ?? '(none)'}` });
    const movedAt = s(p.movedAt);
    if (movedAt && movedAt >= from) {
      const fromDept = s(p.moveFrom) ?? '?';
      const toDept = s(p.moveTo) ?? '?';
      events.push({ event: 'mover', at: movedAt, change: fromDept === toDept ? `stays in ${toDept} (title or role change)` : `${fromDept} → ${toDept}` });
    }
    const joinedAt = s(p.joinedAt);
    if (joinedAt && joinedAt >= from && p.isLeaver !== true) {
      const endDate = s(p.endDate);
      const rehire = endDate !== null && endDate < joinedAt.slice(0, 10);
      events.push({ event: rehire ? 'rehire' : 'joiner', at: joinedAt, change: `${rehire ? 'rehired into' : 'joined'} ${s(p.department) ?? '?'} as ${s(p.title) ?? '?'}` });
    }
    if (!events.length) continue;
    const access = await personAccess(store, String(p.key), 30, findings);
    if (!access) continue;
    const activeAccounts = access.accounts.filter((a) => a.active && !a.removedAt);
    const activeOwned = access.owned.filter((o) => (o.identity ?? o.credential)!.active && !(o.identity ?? o.credential)!.removedAt);
    const activeCount = activeAccounts.length + activeOwned.length;
    for (const e of events) {
      // A leaver whose event is older than the period stays only while something is active.
      if (e.event === 'leaver' && e.at < from && activeCount === 0) continue;
      items.push({
        event: e.event,
        eventAt: e.at,
        hoursSince: Math.max(0, Math.floor((nowMs - Date.parse(e.at)) / 3_600_000)),
        change: e.change,
        person: { key: String(p.key), employeeId: String(p.employeeId), email: s(p.email), displayName: s(p.displayName), department: s(p.department), status: s(p.status) },
        before: access.accounts
          .filter((a) => (a.createdAt ?? '') <= e.at && (!a.removedAt || a.removedAt > e.at))
          .map((a) => ({ key: a.key, source: a.source, container: a.container, name: a.name, removedAt: a.removedAt })),
        now: { accounts: activeAccounts, owned: activeOwned },
        activeCount,
        shouldGo: access.findings.filter((f) => f.status === 'open'),
        done: e.event === 'leaver' && activeCount === 0,
      });
    }
  }
  const rank: Record<JmlEvent, number> = { leaver: 0, mover: 1, rehire: 2, joiner: 3 };
  items.sort((a, b) => Number(a.done) - Number(b.done) || rank[a.event] - rank[b.event] || a.eventAt.localeCompare(b.eventAt));
  return { asOf, periodDays, items };
}

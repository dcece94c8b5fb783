// Time to revoke: per leaver, from the HR leave instant to the first scan in
// which no active account or credential of theirs remained (the scans'
// per-scan Person.lastAccessAt); per mover, from the move to the resolution of the last
// residual entitlement (finding history). Median and p90 over those revoked
// in the period; those still holding access at its end, with their age.
import type { GraphStore } from '../../src/graph/store.js';
import { runSaved } from '../saved-query.js';
import type { Revocation, RevocationFigures } from '../report-data.js';
import { hoursBetween, inPeriod, quantile } from '../stats.js';

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export interface RevocationRows {
  leavers: (Revocation & { pending: boolean })[];
  movers: (Revocation & { pending: boolean })[];
}

export async function readRevocations(store: GraphStore, latestScan: string | null): Promise<RevocationRows> {
  const leaverRows = await runSaved(store, 'report-leaver-revocation');
  const moverRows = await runSaved(store, 'report-mover-revocation');
  const leavers = leaverRows.map((r) => {
    const since = String(r.leftAt);
    const revokedAt = str(r.revokedAt);
    const lastAccessAt = String(r.lastAccessAt);
    return {
      person: String(r.person),
      email: str(r.email),
      name: str(r.name),
      since,
      revokedAt,
      hours: revokedAt ? hoursBetween(since, revokedAt) : null,
      // Still holding access after leaving, as of the latest scan.
      pending: revokedAt === null && lastAccessAt >= since && lastAccessAt === latestScan,
    };
  });
  const movers = moverRows
    .filter((r) => str(r.movedAt))
    .map((r) => {
      const since = String(r.movedAt);
      const done = Number(r.stillHeld) === 0 && str(r.lastResolvedAt) !== null;
      return {
        person: String(r.person),
        email: str(r.email),
        name: str(r.name),
        since,
        revokedAt: done ? String(r.lastResolvedAt) : null,
        hours: done ? hoursBetween(since, String(r.lastResolvedAt)) : null,
        pending: !done,
      };
    });
  return { leavers, movers };
}

/** Median and p90 of those revoked in (since, until], and who still waits. */
export function revocationFigures(rows: (Revocation & { pending: boolean })[], since: string, until: string): RevocationFigures {
  const revoked = rows.filter((r) => r.hours !== null && inPeriod(r.revokedAt, since, until)).map((r) => r.hours!);
  const pendingList = rows
    .filter((r) => r.pending)
    .map((r) => ({ person: r.person, email: r.email, name: r.name, since: r.since, ageHours: hoursBetween(r.since, until) }))
    .sort((a, b) => b.ageHours - a.ageHours);
  return {
    median: quantile(revoked, 0.5),
    p90: quantile(revoked, 0.9),
    revoked: revoked.length,
    pending: pendingList.length,
    pendingList,
  };
}

// What one scan saw, kept on its Scan node so the weekly report can look back
// over past scans without re-running them: which leavers still had active
// access (for time to revoke) and the open findings by severity once the scan
// had updated them.
//
// Why a per-scan record rather than finding history: a leaver revoked within
// the rule's grace hours never gets a leaver-active-access finding, and a
// leaver whose account is deleted loses the LINKED_TO edge; either way the
// finding history cannot tell when their last access went. The scan can.
import type { GraphStore } from '../graph/store.js';

export interface ScanFigures {
  /**
   * Leavers with at least one linked account in this scan. A removed account
   * loses its link, so a leaver watched once and absent from a later scan's
   * `leaversWithAccess` has nothing left.
   */
  leaversWatched: string[];
  /** Leavers with an active, present account or credential in this scan. */
  leaversWithAccess: string[];
  openCritical: number;
  openHigh: number;
  openMedium: number;
  openLow: number;
}

export async function scanFigures(store: GraphStore): Promise<ScanFigures> {
  const rows = await store.read(
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)
     WHERE p.isLeaver = true AND p.leftAt IS NOT NULL
     OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(a)
     WHERE c.removedAt IS NULL AND c.active = true
     RETURN p.key AS person, a.removedAt IS NULL AND a.active = true AS accountActive,
            count(c) AS activeCredentials`,
  );
  const watched = new Set<string>();
  const withAccess = new Set<string>();
  for (const r of rows) {
    const person = String(r.person);
    watched.add(person);
    if (r.accountActive === true || Number(r.activeCredentials) > 0) withAccess.add(person);
  }
  const open = await store.read(
    `MATCH (f:Finding) WHERE f.status = 'open' RETURN f.severity AS severity, count(f) AS n`,
  );
  const count = (s: string) => Number(open.find((r) => r.severity === s)?.n ?? 0);
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    leaversWatched: sorted(watched),
    leaversWithAccess: sorted(withAccess),
    openCritical: count('critical'),
    openHigh: count('high'),
    openMedium: count('medium'),
    openLow: count('low'),
  };
}

/** Called by the scan once its findings are updated. */
export async function recordScanFigures(store: GraphStore, scanId: string): Promise<void> {
  const figures = await scanFigures(store);
  await store.write(`MATCH (s:Scan {id: $id}) SET s += $figures`, { id: scanId, figures });
}

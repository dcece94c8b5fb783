// What one scan saw, kept so the weekly report can look back over past
// scans without re-running them: each person's last scan with access
// (Person.lastAccessAt, for time to revoke), each of their credentials' last
// scan while valid and whose it was (Credential.lastValidAt, holderKey: kept
// when the account and its link are gone), and, on the Scan node, the open
// findings by severity once the scan had updated them.
//
// Why a per-scan record rather than finding history: a leaver revoked within
// the rule's grace hours never gets a leaver-active-access finding, and a
// leaver whose account is deleted loses every LINKED_TO edge; either way the
// findings cannot tell when their last access went. The scan can: the first
// scan after lastAccessAt (and after the leave instant) is the one in which
// nothing of theirs remained.
import type { GraphStore } from '../graph/store.js';

export interface ScanFigures {
  /** Marks a scan that recorded access (scans before this existed did not). */
  accessRecorded: true;
  /** How many people had an active, present account or credential. */
  peopleWithAccess: number;
  openCritical: number;
  openHigh: number;
  openMedium: number;
  openLow: number;
}

/** People with an active account, or an active credential of an account, present in its source, with what is recorded now. */
async function peopleWithAccess(store: GraphStore): Promise<{ person: string; recorded: string | null }[]> {
  const rows = await store.read(
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)
     WHERE a.removedAt IS NULL
     OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(a)
     WHERE c.removedAt IS NULL AND c.active = true
     WITH p, a, count(c) AS activeCredentials
     WHERE a.active = true OR activeCredentials > 0
     RETURN DISTINCT p.key AS person, p.lastAccessAt AS recorded`,
  );
  return rows.map((r) => ({ person: String(r.person), recorded: (r.recorded as string | null) ?? null })).sort((a, b) => a.person.localeCompare(b.person));
}

/** Active, present credentials of people's accounts, with the person. */
async function validCredentials(store: GraphStore): Promise<{ credential: string; person: string; recorded: string | null; holder: string | null }[]> {
  const rows = await store.read(
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)<-[:AUTHENTICATES_AS]-(c:Credential)
     WHERE a.removedAt IS NULL AND c.removedAt IS NULL AND c.active = true
     RETURN c.key AS credential, min(p.key) AS person, c.lastValidAt AS recorded, c.holderKey AS holder`,
  );
  return rows.map((r) => ({
    credential: String(r.credential),
    person: String(r.person),
    recorded: (r.recorded as string | null) ?? null,
    holder: (r.holder as string | null) ?? null,
  }));
}

const BATCH = 1000;

export async function recordScanFigures(store: GraphStore, scanId: string, now: string): Promise<ScanFigures> {
  const people = await peopleWithAccess(store);
  // Written only where it changes: a re-scan at the same now writes nothing.
  const stale = people.filter((p) => p.recorded !== now).map((p) => p.person);
  for (let i = 0; i < stale.length; i += BATCH) {
    await store.write(`UNWIND $keys AS k MATCH (p:Person {key: k}) SET p.lastAccessAt = $now`, {
      keys: stale.slice(i, i + BATCH),
      now,
    });
  }
  const credentials = (await validCredentials(store)).filter((c) => c.recorded !== now || c.holder !== c.person);
  for (let i = 0; i < credentials.length; i += BATCH) {
    await store.write(
      `UNWIND $rows AS r MATCH (c:Credential {key: r.credential}) SET c.lastValidAt = $now, c.holderKey = r.person`,
      { rows: credentials.slice(i, i + BATCH), now },
    );
  }
  const open = await store.read(`MATCH (f:Finding) WHERE f.status = 'open' RETURN f.severity AS severity, count(f) AS n`);
  const count = (s: string) => Number(open.find((r) => r.severity === s)?.n ?? 0);
  const figures: ScanFigures = {
    accessRecorded: true,
    peopleWithAccess: people.length,
    openCritical: count('critical'),
    openHigh: count('high'),
    openMedium: count('medium'),
    openLow: count('low'),
  };
  await store.write(`MATCH (s:Scan {id: $id}) SET s += $figures`, { id: scanId, figures });
  return figures;
}

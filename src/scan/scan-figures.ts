// What one scan saw, kept so the weekly report can look back over past
// scans without re-running them: each person's last scan with access
// (Person.lastAccessAt, for time to revoke), each of their credentials' last
// scan while valid and whose it was (Credential.lastValidAt, holderKey: kept
// when the account and its link are gone), and, on the Scan node, the open
// findings by severity once the scan had updated them. Written only where
// they change (see recordAccess), so a nightly re-scan does not rewrite every
// person and credential.
//
// Why a per-scan record rather than finding history: a leaver revoked within
// the rule's grace hours never gets a leaver-active-access finding, and a
// leaver whose account is deleted loses every LINKED_TO edge; either way the
// findings cannot tell when their last access went. The scan can: the first
// scan after lastAccessAt (and after the leave instant) is the one in which
// nothing of theirs remained.
import type { GraphStore } from '../graph/store.js';
import { chunks } from '../graph/batches.js';

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

/**
 * People with an active account, or an active credential of an account,
 * present in its source. Two plain MATCH reads, not one with OPTIONAL MATCH,
 * which the embedded engine answers by scanning far more than the pattern.
 */
async function peopleWithAccess(store: GraphStore): Promise<string[]> {
  const people = new Set<string>();
  for (const cypher of [
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)
     WHERE a.removedAt IS NULL AND a.active = true
     RETURN DISTINCT p.key AS person`,
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)<-[:AUTHENTICATES_AS]-(c:Credential)
     WHERE a.removedAt IS NULL AND c.removedAt IS NULL AND c.active = true
     RETURN DISTINCT p.key AS person`,
  ]) {
    for (const r of await store.read(cypher)) people.add(String(r.person));
  }
  return [...people].sort();
}

/** Active, present credentials of people's accounts, with the person, and who the store holds it for now. */
async function validCredentials(store: GraphStore): Promise<{ credential: string; person: string; holder: string | null; flagged: boolean }[]> {
  const rows = await store.read(
    `MATCH (p:Person)<-[:LINKED_TO]-(a:Identity)<-[:AUTHENTICATES_AS]-(c:Credential)
     WHERE a.removedAt IS NULL AND c.removedAt IS NULL AND c.active = true
     RETURN c.key AS credential, min(p.key) AS person, c.holderKey AS holder, c.validInLatestScan AS flagged`,
  );
  return rows.map((r) => ({
    credential: String(r.credential),
    person: String(r.person),
    holder: (r.holder as string | null) ?? null,
    flagged: r.flagged === true,
  }));
}

async function keysWhere(store: GraphStore, cypher: string): Promise<Set<string>> {
  return new Set((await store.read(cypher)).map((r) => String(r.key)));
}

async function writeKeys(store: GraphStore, cypher: string, keys: string[], params: Record<string, unknown>): Promise<void> {
  for (const batch of chunks(keys)) await store.write(cypher, { ...params, keys: batch });
}

/**
 * Who had access, written only where it changed: a person or credential the
 * latest recording scan saw carries `accessInLatestScan` / `validInLatestScan`
 * (its lastAccessAt / lastValidAt is that scan's now, as the saved queries
 * read it); one seen now and not then gets this scan's now; one seen then and
 * not now keeps that scan's now and loses the flag.
 */
async function recordAccess(store: GraphStore, scanId: string, now: string): Promise<number> {
  const previous = await store.read('MATCH (s:Scan) WHERE s.accessRecorded = true AND s.id <> $id RETURN max(s.now) AS now', { id: scanId });
  const latestRecorded = (previous[0]?.now as string | null | undefined) ?? null;

  const people = await peopleWithAccess(store);
  const flaggedPeople = await keysWhere(store, 'MATCH (p:Person) WHERE p.accessInLatestScan = true RETURN p.key AS key');
  const seen = new Set(people);
  await writeKeys(store, 'UNWIND $keys AS k MATCH (p:Person {key: k}) SET p.lastAccessAt = $now, p.accessInLatestScan = true',
    people.filter((k) => !flaggedPeople.has(k)), { now });
  await writeKeys(store, 'UNWIND $keys AS k MATCH (p:Person {key: k}) SET p.lastAccessAt = coalesce($last, p.lastAccessAt), p.accessInLatestScan = false',
    [...flaggedPeople].filter((k) => !seen.has(k)), { last: latestRecorded });

  const credentials = await validCredentials(store);
  const valid = new Set(credentials.map((c) => c.credential));
  const changed = credentials.filter((c) => !c.flagged || c.holder !== c.person);
  for (const batch of chunks(changed)) {
    await store.write(
      'UNWIND $rows AS r MATCH (c:Credential {key: r.credential}) SET c.lastValidAt = $now, c.holderKey = r.person, c.validInLatestScan = true',
      { rows: batch.map(({ credential, person }) => ({ credential, person })), now },
    );
  }
  const flaggedCredentials = await keysWhere(store, 'MATCH (c:Credential) WHERE c.validInLatestScan = true RETURN c.key AS key');
  await writeKeys(store, 'UNWIND $keys AS k MATCH (c:Credential {key: k}) SET c.lastValidAt = coalesce($last, c.lastValidAt), c.validInLatestScan = false',
    [...flaggedCredentials].filter((k) => !valid.has(k)), { last: latestRecorded });
  return people.length;
}

/**
 * The scan's figures. Data older than the store records no access: the
 * people and credentials stay as the newer scans left them, and the scan is
 * not one the revocation figures read.
 */
export async function recordScanFigures(store: GraphStore, scanId: string, now: string, options: { olderThanStore?: boolean } = {}): Promise<Partial<ScanFigures>> {
  const access = options.olderThanStore ? null : await recordAccess(store, scanId, now);
  const open = await store.read(`MATCH (f:Finding) WHERE f.status = 'open' RETURN f.severity AS severity, count(f) AS n`);
  const count = (s: string) => Number(open.find((r) => r.severity === s)?.n ?? 0);
  const figures: Partial<ScanFigures> = {
    ...(access === null ? {} : { accessRecorded: true as const, peopleWithAccess: access }),
    openCritical: count('critical'),
    openHigh: count('high'),
    openMedium: count('medium'),
    openLow: count('low'),
  };
  await store.write(`MATCH (s:Scan {id: $id}) SET s += $figures`, { id: scanId, figures });
  return figures;
}

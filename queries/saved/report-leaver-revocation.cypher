// name: report-leaver-revocation
// title: Time to revoke, per leaver
// params: (none)
// description: For every leaver a scan watched (one who had a linked account after leaving): the HR leave instant, the last scan in which an active account or credential of theirs remained, and the first scan after that in which none did (revokedAt; null while access remains). Time to revoke is revokedAt minus leftAt. scannedBeforeLeaving says whether a scan ran before they left: when it did not and the first scan already found nothing, the revocation happened before driftgraph watched and is not measured. Reads the per-scan record (Scan.leaversWatched, Scan.leaversWithAccess).
MATCH (p:Person)
WHERE p.leftAt IS NOT NULL
MATCH (w:Scan)
WHERE p.key IN w.leaversWatched
WITH DISTINCT p
MATCH (s:Scan)
WHERE s.leaversWithAccess IS NOT NULL AND s.now >= p.leftAt
WITH p,
     min(CASE WHEN p.key IN s.leaversWithAccess THEN s.now END) AS firstScanWithAccess,
     max(CASE WHEN p.key IN s.leaversWithAccess THEN s.now END) AS lastScanWithAccess
OPTIONAL MATCH (r:Scan)
WHERE r.leaversWithAccess IS NOT NULL AND r.now >= p.leftAt AND NOT p.key IN r.leaversWithAccess
  AND (lastScanWithAccess IS NULL OR r.now > lastScanWithAccess)
WITH p, firstScanWithAccess, lastScanWithAccess, min(r.now) AS revokedAt
OPTIONAL MATCH (b:Scan)
WHERE b.now < p.leftAt
RETURN p.key AS person, p.email AS email, p.displayName AS name, p.leftAt AS leftAt,
       firstScanWithAccess, lastScanWithAccess, revokedAt, count(b) > 0 AS scannedBeforeLeaving
ORDER BY leftAt, person

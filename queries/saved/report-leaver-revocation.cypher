// name: report-leaver-revocation
// title: Time to revoke, per leaver
// params: (none)
// description: For every leaver a scan ever saw with access: the HR leave instant (leftAt), the last scan in which an active account or credential of theirs remained (lastAccessAt: the latest scan recording access when accessInLatestScan is true, else the stored value), and the first scan after both in which none did (revokedAt; null while access remains). Time to revoke is revokedAt minus leftAt. A leaver whose access was gone before any scan saw it is not listed: when it went, nobody knows.
OPTIONAL MATCH (r:Scan)
WHERE r.accessRecorded = true
WITH max(r.now) AS latestRecorded
MATCH (p:Person)
WHERE p.isLeaver = true AND p.leftAt IS NOT NULL AND p.lastAccessAt IS NOT NULL
WITH p, CASE WHEN p.accessInLatestScan = true THEN latestRecorded ELSE p.lastAccessAt END AS lastAccessAt
OPTIONAL MATCH (s:Scan)
WHERE s.accessRecorded = true AND s.now > lastAccessAt AND s.now >= p.leftAt
WITH p, lastAccessAt, min(s.now) AS revokedAt
RETURN p.key AS person, p.email AS email, p.displayName AS name, p.leftAt AS leftAt,
       lastAccessAt, revokedAt
ORDER BY leftAt, person

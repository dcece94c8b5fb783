// name: report-leaver-credentials-after-5-days
// title: Leavers' credentials still valid 5 days after they left
// params: since, until
// example: since=2026-11-13T02:00:00.000Z, until=2026-11-20T02:00:00.000Z
// description: The weekly report's leaverCredentials figures: for leavers whose fifth day after leaving falls in (since, until], how many credentials of theirs were valid when they left (seen valid in the last scan before leaving, or after it), and how many of those were still valid in the first scan at least 5 days after the leave instant. Reads what the scans record: Credential.lastValidAt (the latest scan recording access when validInLatestScan is true) and holderKey. Instants are as the graph writes them (2026-11-13T02:00:00.000Z).
OPTIONAL MATCH (r:Scan)
WHERE r.accessRecorded = true
WITH max(r.now) AS latestRecorded
MATCH (p:Person)
WHERE p.isLeaver = true AND p.leftAt IS NOT NULL
  AND datetime(p.leftAt) + duration({days: 5}) > datetime($since)
  AND datetime(p.leftAt) + duration({days: 5}) <= datetime($until)
OPTIONAL MATCH (b:Scan)
WHERE b.accessRecorded = true AND b.now <= p.leftAt
WITH p, latestRecorded, max(b.now) AS scanBefore
MATCH (c:Credential)
WHERE c.holderKey = p.key
WITH p, scanBefore, c, CASE WHEN c.validInLatestScan = true THEN latestRecorded ELSE c.lastValidAt END AS lastValidAt
WHERE lastValidAt >= coalesce(scanBefore, p.leftAt)
OPTIONAL MATCH (s:Scan)
WHERE s.accessRecorded = true AND datetime(s.now) >= datetime(p.leftAt) + duration({days: 5})
WITH p, c, lastValidAt, min(s.now) AS checkedAt
WHERE checkedAt IS NOT NULL
RETURN count(c) AS credentials, sum(CASE WHEN lastValidAt >= checkedAt THEN 1 ELSE 0 END) AS stillValidAfter5Days

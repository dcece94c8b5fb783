// name: findings-new-since
// title: Findings first seen since a date
// params: since
// example: since=2026-11-13T00:00:00.000Z
// description: Findings whose first scan was at or after `since` (an ISO instant), with status and subject: what the last scans added.
MATCH (f:Finding)
WHERE f.firstSeen >= $since
RETURN f.firstSeen AS firstSeen, f.severity AS severity, f.ruleId AS rule, f.status AS status,
       f.subjectSource AS source, f.subjectName AS subject, f.title AS title
ORDER BY firstSeen DESC, rule

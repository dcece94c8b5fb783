// name: report-new-findings
// title: Findings first seen in a period
// params: since, until
// example: since=2026-11-13T02:00:00.000Z, until=2026-11-20T02:00:00.000Z
// description: The weekly report's findings.new: findings whose first scan falls in the period (since, until]. A finding first seen exactly at since belongs to the period before. Whatever their status is now. Instants are as the graph writes them (2026-11-13T02:00:00.000Z).
MATCH (f:Finding)
WHERE f.firstSeen > $since AND f.firstSeen <= $until
RETURN f.id AS id, f.severity AS severity, f.ruleId AS rule, f.status AS status, f.firstSeen AS firstSeen
ORDER BY firstSeen, id

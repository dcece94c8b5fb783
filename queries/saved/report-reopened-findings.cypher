// name: report-reopened-findings
// title: Findings reopened in a period
// params: since, until (instants as the graph writes them, e.g. 2026-11-13T02:00:00.000Z)
// description: The weekly report's findings.reopened: findings that were resolved and found again by a scan in (since, until].
MATCH (f:Finding)
WHERE f.reopenedAt > $since AND f.reopenedAt <= $until
RETURN f.id AS id, f.severity AS severity, f.ruleId AS rule, f.status AS status, f.reopenedAt AS reopenedAt
ORDER BY reopenedAt, id

// name: report-resolved-findings
// title: Findings resolved in a period, with their time to resolve
// params: since, until (instants as the graph writes them, e.g. 2026-11-13T02:00:00.000Z)
// description: The weekly report's findings.resolved and findings.timeToResolve: findings resolved now whose resolving scan falls in (since, until]. Time to resolve is resolvedAt minus firstSeen. A finding resolved and then reopened is open again and not counted.
MATCH (f:Finding)
WHERE f.status = 'resolved' AND f.resolvedAt > $since AND f.resolvedAt <= $until
RETURN f.id AS id, f.severity AS severity, f.ruleId AS rule, f.firstSeen AS firstSeen, f.resolvedAt AS resolvedAt
ORDER BY resolvedAt, id

// name: report-resolved-findings
// title: Findings resolved in a period, with their time to resolve
// params: since, until
// example: since=2026-11-13T02:00:00.000Z, until=2026-11-20T02:00:00.000Z
// description: The weekly report's findings.resolved and findings.timeToResolve: how many findings are resolved now with their resolving scan in (since, until], their ids, and parallel lists of their firstSeen and resolvedAt (time to resolve is resolvedAt minus firstSeen). A finding resolved and then reopened is open again and not counted. Instants are as the graph writes them (2026-11-13T02:00:00.000Z).
MATCH (f:Finding)
WHERE f.status = 'resolved' AND f.resolvedAt > $since AND f.resolvedAt <= $until
RETURN count(f) AS resolved, collect(f.id) AS ids, collect(f.firstSeen) AS firstSeen, collect(f.resolvedAt) AS resolvedAt

// name: report-reopened-findings
// title: Findings reopened in a period
// params: since, until
// example: since=2026-11-13T02:00:00.000Z, until=2026-11-20T02:00:00.000Z
// description: The weekly report's findings.reopened: how many findings were resolved and then found again by a scan in (since, until], and their ids. Instants are as the graph writes them (2026-11-13T02:00:00.000Z).
MATCH (f:Finding)
WHERE f.reopenedAt > $since AND f.reopenedAt <= $until
RETURN count(f) AS reopened, collect(f.id) AS ids

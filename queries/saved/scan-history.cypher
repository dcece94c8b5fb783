// name: scan-history
// title: Scan history
// params: (none)
// description: Every scan the graph recorded: its now, when it ran, its exit code, and how many findings it opened and resolved.
MATCH (s:Scan)
RETURN s.now AS now, s.startedAt AS startedAt, s.endedAt AS endedAt, s.exitCode AS exitCode,
       s.findingsNew AS newFindings, s.findingsResolved AS resolvedFindings
ORDER BY now DESC

// name: report-open-by-team
// title: Open findings with their owner teams
// params: (none)
// description: The weekly report's byTeam breakdown: each open finding with its owners (JSON list of {kind, id, method}) and the teams of its person. The report counts a finding for each owner team, else for each team of its person, else under "(no owner team)".
MATCH (f:Finding)
WHERE f.status = 'open'
OPTIONAL MATCH (p:Person)-[:MEMBER_OF]->(t:Team)
WHERE f.personEmail IS NOT NULL AND p.email = f.personEmail
RETURN f.id AS id, f.severity AS severity, f.ownersJson AS owners, collect(DISTINCT t.nativeId) AS personTeams
ORDER BY id

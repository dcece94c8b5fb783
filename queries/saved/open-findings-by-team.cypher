// name: open-findings-by-team
// title: Open findings by owner team
// params: (none)
// description: For each team that owns the subject of an open finding, how many open findings and of which rules.
MATCH (f:Finding)-[:ABOUT]->(s)-[:OWNED_BY]->(t:Team)
WHERE f.status = 'open'
RETURN t.nativeId AS team, count(DISTINCT f) AS openFindings, collect(DISTINCT f.ruleId) AS rules
ORDER BY openFindings DESC, team

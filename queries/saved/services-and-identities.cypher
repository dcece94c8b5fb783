// name: services-and-identities
// title: Services and the identities they run as
// params: (none)
// description: Each catalog service with its lifecycle, its owner team, and the NHIs or credentials it runs as, with whether each is active.
MATCH (s:Service)
OPTIONAL MATCH (s)-[:RUNS_AS]->(i)
OPTIONAL MATCH (s)-[:OWNED_BY]->(t:Team)
RETURN s.nativeId AS service, s.lifecycle AS lifecycle, t.nativeId AS ownerTeam,
       collect(DISTINCT i.source + '/' + i.container + '/' + i.name + CASE WHEN i.active THEN '' ELSE ' (inactive)' END) AS runsAs
ORDER BY service

// name: movers-and-their-entitlements
// title: Movers and what they still hold
// params: (none)
// description: People who changed department, when and from where to where, with every entitlement their active accounts hold now: what to review against the new role.
MATCH (p:Person)
WHERE p.movedAt IS NOT NULL AND p.isLeaver <> true AND p.moveFrom <> p.moveTo
OPTIONAL MATCH (p)<-[:LINKED_TO]-(a:Identity)-[:HOLDS]->(e:Entitlement)
WHERE a.active = true AND a.removedAt IS NULL
RETURN p.email AS person, p.movedAt AS movedAt, p.moveFrom AS fromDepartment, p.moveTo AS toDepartment,
       collect(DISTINCT a.source + '/' + a.container + ': ' + e.name) AS holds
ORDER BY movedAt DESC

// name: team-members
// title: A team's members and their HR state
// params: team
// example: team=group:default/payments
// description: The people of a catalog team (entity ref, e.g. group:default/payments) with department, HR status and whether each has left: a team with only leavers owns nothing any more.
MATCH (p:Person)-[:MEMBER_OF]->(t:Team {nativeId: $team})
RETURN p.email AS person, p.department AS department, p.status AS hrStatus,
       coalesce(p.isLeaver, false) AS leaver, p.leftAt AS leftAt
ORDER BY leaver DESC, person

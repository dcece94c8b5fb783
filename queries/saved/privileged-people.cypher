// name: privileged-people
// title: People with privileged access
// params: (none)
// description: Each person with at least one active privileged account, with those accounts and the reasons; leavers first.
MATCH (a:Identity)-[:LINKED_TO]->(p:Person)
WHERE a.active = true AND a.removedAt IS NULL AND a.privileged = true
RETURN p.email AS person, p.department AS department, coalesce(p.isLeaver, false) AS leaver,
       collect(a.source + '/' + a.container + '/' + a.name) AS privilegedAccounts
ORDER BY leaver DESC, person

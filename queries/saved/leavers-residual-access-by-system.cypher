// name: leavers-residual-access-by-system
// title: Leavers' residual access by system
// params: (none)
// description: For each system (source and container), how many leavers still have an active account there, and which accounts; the systems where offboarding leaks.
MATCH (a:Account)-[:LINKED_TO]->(p:Person)
WHERE p.isLeaver = true AND a.active = true AND a.removedAt IS NULL
RETURN a.source AS source, a.container AS container, count(DISTINCT p) AS leavers,
       collect(p.email + ' -> ' + a.name) AS accounts
ORDER BY leavers DESC, source, container

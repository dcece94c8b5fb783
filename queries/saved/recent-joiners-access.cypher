// name: recent-joiners-access
// title: Recent joiners and their access
// params: since
// example: since=2026-09-01T00:00:00.000Z
// description: People who joined (or were rehired) at or after `since`, with each account linked to them and whether it is privileged: a new joiner with privileged access on day one is worth a look.
MATCH (p:Person)
WHERE p.joinedAt >= $since AND coalesce(p.isLeaver, false) = false
OPTIONAL MATCH (p)<-[:LINKED_TO]-(a:Identity)
RETURN p.email AS person, p.department AS department, p.joinedAt AS joinedAt,
       collect(a.source + '/' + a.container + '/' + a.name + CASE WHEN a.privileged THEN ' (privileged)' ELSE '' END) AS accounts
ORDER BY joinedAt DESC

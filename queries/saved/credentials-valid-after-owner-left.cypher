// name: credentials-valid-after-owner-left
// title: Credentials still valid days after their person left
// params: days, now
// example: days:int=5, now=2026-11-20T02:00:00.000Z
// description: Active credentials of accounts linked to, or NHIs owned by, a person who left more than `days` days before `now` (the scan's now; the console fills it in).
MATCH (c:Credential)-[:AUTHENTICATES_AS]->(i:Identity)-[r:LINKED_TO|OWNED_BY]->(p:Person)
WHERE c.active = true AND c.removedAt IS NULL AND p.isLeaver = true AND p.leftAt IS NOT NULL
  AND datetime(p.leftAt) + duration({days: $days}) < datetime($now)
RETURN p.email AS person, p.leftAt AS leftAt, type(r) AS relation, i.name AS identity,
       c.type AS credentialType, c.nativeId AS credential, c.lastUsedAt AS lastUsed
ORDER BY leftAt, person

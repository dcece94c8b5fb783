// name: unused-credentials
// title: Active credentials unused for a number of days
// params: days, now
// example: days:int=90, now=2026-11-20T02:00:00.000Z
// description: Active credentials whose last use is older than `days` days before `now`, or never reported, where the system reports use; with the identity they act as.
MATCH (c:Credential)
WHERE c.active = true AND c.removedAt IS NULL AND coalesce(c.usageReported, true) = true
  AND (c.lastUsedAt IS NULL OR datetime(c.lastUsedAt) < datetime($now) - duration({days: $days}))
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(i:Identity)
RETURN c.source AS source, c.container AS container, c.type AS type, c.nativeId AS credential,
       i.name AS identity, c.createdAt AS created, c.lastUsedAt AS lastUsed
ORDER BY lastUsed, created

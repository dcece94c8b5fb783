// name: oldest-active-credentials
// title: Oldest active credentials
// params: limit
// example: limit:int=20
// description: The longest-lived active credentials (by creation or last rotation), oldest first: candidates for rotation.
MATCH (c:Credential)
WHERE c.active = true AND c.removedAt IS NULL
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(i:Identity)
RETURN c.source AS source, c.container AS container, c.type AS type, c.nativeId AS credential,
       i.name AS identity, coalesce(c.rotatedAt, c.createdAt) AS since, c.lastUsedAt AS lastUsed
ORDER BY since
LIMIT $limit

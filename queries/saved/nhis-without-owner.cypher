// name: nhis-without-owner
// title: Active NHIs with no owner
// params: (none)
// description: Active non-human identities that no catalog entry, tag or other declaration ties to a person or team (provider-managed ones left out), with any owner value that named nobody known.
MATCH (n:NHI)
WHERE n.active = true AND n.removedAt IS NULL AND coalesce(n.providerManaged, false) = false
  AND NOT (n)-[:OWNED_BY]->()
RETURN n.source AS source, n.container AS container, n.type AS type, n.name AS nhi,
       n.unresolvedOwners AS unresolvedOwners, n.lastUsedAt AS lastUsed
ORDER BY source, container, nhi

// id: orphaned-nhi
// title: {typeLabel} {name} has no owner
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-01; NIST CSF 2.0 ID.AM-01; OWASP NHI1:2025
// remediation: assign-owner
// depends-on: hr, catalog
// without: hr=people who own identities by tag or declaration, and links that make an IAM user a person's account; catalog=owners declared in the catalog (only tags and other declarations were read)
// description: An active NHI or stand-alone credential that no catalog entry, owner tag or other declaration ties to a known person or team.
MATCH (n:Entity)
WHERE (n:NHI OR (n:Credential AND n.standalone = true))
  AND n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
  AND NOT EXISTS { MATCH (n)-[:OWNED_BY]->() }
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(n)
WHERE c.removedAt IS NULL AND coalesce(c.providerManaged, false) = false
WITH n, collect(c.nativeId) AS credentials
// Workloads that run as it (workload identity joins): they lose their owner with it.
OPTIONAL MATCH (w:Identity)-[:ACTS_AS]->(n)
WHERE w.removedAt IS NULL
WITH n, credentials, collect(w.source + ' ' + w.container + ' ' + w.type + ' ' + w.nativeId) AS workloads
RETURN n.key AS subjectKey,
       {credentials: credentials, unresolvedOwners: coalesce(n.unresolvedOwners, []),
        createdAt: n.createdAt, lastUsed: n.lastUsedAt,
        workloads: CASE WHEN size(workloads) = 0 THEN null ELSE workloads END} AS evidence

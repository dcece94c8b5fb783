// id: nhi-metadata-incomplete
// title: {typeLabel} {name} lacks required metadata
// severity: low
// frameworks: ISO 27001 A.5.9; NIST CSF 2.0 ID.AM-01; OWASP NHI1:2025
// remediation: declare-metadata
// params: requireOwner=0, requirePurpose=0, requireExpiry=0
// description: An active NHI or stand-alone credential missing what the config requires of every machine identity (rules.nhi-metadata-incomplete: requireOwner, requirePurpose, requireExpiry set to 1). Owner: any owner driftgraph resolved. Purpose: a purpose or description tag, a description, or a catalog Component or Resource that lists it. Expiry: an expiry the provider reports, or an expires, expiry or expiration tag. Nothing is required by default, so the rule finds nothing until the config says what is.
MATCH (n:Entity)
WHERE (n:NHI OR (n:Credential AND n.standalone = true))
  AND n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
  AND ($requireOwner > 0 OR $requirePurpose > 0 OR $requireExpiry > 0)
WITH n,
     EXISTS { MATCH (n)-[:OWNED_BY]->() } AS hasOwner,
     EXISTS { MATCH (:Service)-[:RUNS_AS]->(n) } AS inCatalog,
     [t IN coalesce(n.tags, []) | toLower(split(t, '=')[0])] AS tagKeys
WITH n, hasOwner,
     inCatalog OR coalesce(n.description, '') <> '' OR coalesce(n.purpose, '') <> ''
       OR any(k IN tagKeys WHERE k IN ['purpose', 'description']) AS hasPurpose,
     n.expiresAt IS NOT NULL OR any(k IN tagKeys WHERE k IN ['expires', 'expiry', 'expiration', 'expires-at']) AS hasExpiry
WITH n, (CASE WHEN $requireOwner > 0 AND NOT hasOwner THEN ['owner'] ELSE [] END)
      + (CASE WHEN $requirePurpose > 0 AND NOT hasPurpose THEN ['purpose'] ELSE [] END)
      + (CASE WHEN $requireExpiry > 0 AND NOT hasExpiry THEN ['expiry'] ELSE [] END) AS missing
WHERE size(missing) > 0
RETURN n.key AS subjectKey, {missing: missing, unresolvedOwners: coalesce(n.unresolvedOwners, [])} AS evidence

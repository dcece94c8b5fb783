// id: retired-service-identity-active
// title: {typeLabel} {name} is still active for {lifecycleLabel} service {firstService}
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI1:2025
// remediation: decommission-identity
// depends-on: catalog
// without: catalog=service lifecycles, so no retired service could be seen
// description: A catalog Component or Resource whose lifecycle is deprecated or retired still lists an active NHI or credential.
MATCH (s:Service)-[:RUNS_AS]->(n:Entity)
WHERE s.removedAt IS NULL AND toLower(coalesce(s.lifecycle, '')) IN ['deprecated', 'retired']
  AND toLower(coalesce(s.kind, '')) IN ['component', 'resource']
  AND n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
WITH n, collect(s.nativeId) AS services, collect(s.lifecycle) AS lifecycles
RETURN n.key AS subjectKey, {services: services, lifecycles: lifecycles, lastUsed: n.lastUsedAt} AS evidence

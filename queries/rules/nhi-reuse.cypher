// id: nhi-reuse
// title: {typeLabel} {name} is shared by {serviceCount} services
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-05; OWASP NHI9:2025
// remediation: split-identity
// depends-on: catalog
// without: catalog=which services list which identities, so no reuse could be seen
// description: One NHI or stand-alone credential listed by two or more catalog Components or Resources.
MATCH (s:Service)-[:RUNS_AS]->(n:Entity)
WHERE s.removedAt IS NULL AND toLower(coalesce(s.kind, '')) IN ['component', 'resource']
  AND n.removedAt IS NULL AND (n:NHI OR (n:Credential AND n.standalone = true))
  AND coalesce(n.providerManaged, false) = false
WITH n, collect(DISTINCT s.nativeId) AS services
WHERE size(services) >= 2
RETURN n.key AS subjectKey, {services: services, serviceCount: size(services)} AS evidence

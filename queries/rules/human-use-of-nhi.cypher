// id: human-use-of-nhi
// title: Non-human IAM user {name} has a console password
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI10:2025
// remediation: remove-console-access
// description: An AWS IAM user that is an NHI by catalog listing or owner tag and has a console password, so a person can sign in as it.
MATCH (u:NHI)
WHERE u.removedAt IS NULL AND u.mayBeNhi = true AND u.hasPassword = true
OPTIONAL MATCH (s:Service)-[:RUNS_AS]->(u)
WITH u, collect(s.nativeId) AS services
WHERE u.hasOwnerTag = true OR size(services) > 0
RETURN u.key AS subjectKey,
       {services: services, ownerTag: coalesce(u.hasOwnerTag, false), passwordLastUsed: u.passwordLastUsedAt} AS evidence

// id: never-used-credential
// title: {typeLabel} {id} never used since it was created {days} days ago
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI7:2025
// remediation: deactivate-credential
// params: graceDays=30
// days-since: createdAt
// description: An active credential never used, created more than graceDays ago. Credentials whose source records no use (GitHub Actions secrets, Google Secret Manager secrets) are never judged.
MATCH (c:Credential)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false AND coalesce(c.usageReported, true) = true
  AND c.lastUsedAt IS NULL AND c.createdAt IS NOT NULL
  AND datetime(c.createdAt) < datetime($now) - duration({days: $graceDays})
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(i:Identity)
RETURN c.key AS subjectKey, {createdAt: c.createdAt, identity: i.nativeId} AS evidence

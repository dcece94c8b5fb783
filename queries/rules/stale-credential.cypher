// id: stale-credential
// title: {typeLabel} {id} unused for {days} days
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI7:2025
// remediation: deactivate-credential
// params: staleDays=90
// days-since: lastUsed
// description: An active credential last used more than staleDays ago; high when the identity it authenticates as is privileged. AWS Secrets Manager gives the day of a secret's last read, counted as its end; credentials whose source records no use (GitHub Actions secrets, Google Secret Manager secrets) are never judged.
MATCH (c:Credential)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false AND coalesce(c.usageReported, true) = true
  AND c.lastUsedAt IS NOT NULL
  AND datetime(c.lastUsedAt) < datetime($now) - duration({days: $staleDays})
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(i:Identity)
WITH c, i, coalesce(i.privileged, c.privileged, false) AS privileged
RETURN c.key AS subjectKey,
       CASE WHEN privileged THEN 'high' ELSE 'medium' END AS severity,
       {lastUsed: c.lastUsedAt, privileged: privileged, identity: i.nativeId,
        lastUsedService: c.lastUsedService, lastUsedRegion: c.lastUsedRegion} AS evidence

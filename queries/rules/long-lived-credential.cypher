// id: long-lived-credential
// title: {typeLabel} {id} is {ageOrExpiry}
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI7:2025
// remediation: rotate-credential
// params: maxAgeDays=90
// days-since: since
// description: An active credential created or last rotated more than maxAgeDays ago, or one with no expiry where its type has one; where the source judges a credential by its lifetime (Entra ID client secrets and certificates), one valid for more than maxAgeDays from its start to its end, or ending after 2099; or one its source calls long-lived whatever its dates (a Vault token with the root policy, or periodic with no maximum TTL), the reason in the evidence.
MATCH (c:Credential)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false
WITH c, CASE WHEN c.rotatedAt IS NOT NULL AND (c.createdAt IS NULL OR c.rotatedAt > c.createdAt)
             THEN c.rotatedAt ELSE c.createdAt END AS since
WITH c, since,
     (since IS NOT NULL AND coalesce(c.maxAgeApplies, true) = true
      AND datetime(since) < datetime($now) - duration({days: $maxAgeDays})) AS tooOld,
     coalesce(c.noExpiry, false) AS noExpiry,
     (coalesce(c.lifetimeApplies, false) = true AND since IS NOT NULL AND c.expiresAt IS NOT NULL
      AND datetime(c.expiresAt) > datetime(since) + duration({days: $maxAgeDays})) AS tooLong,
     c.longLivedReason AS longLivedReason
WHERE tooOld OR noExpiry OR tooLong OR longLivedReason IS NOT NULL
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(i:Identity)
RETURN c.key AS subjectKey,
       {since: since, createdAt: c.createdAt, rotatedAt: c.rotatedAt, olderThanMaxAge: tooOld,
        noExpiry: noExpiry, lifetimeTooLong: tooLong, expiresAt: c.expiresAt, identity: i.nativeId,
        longLivedReason: longLivedReason} AS evidence

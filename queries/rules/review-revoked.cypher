// id: review-revoked
// title: {typeLabel} {name}: an access review decided to revoke it
// severity: high
// frameworks: ISO 27001 A.5.18; SOC 2 CC6.3; NIST SP 800-53 AC-2(j)
// remediation: decommission-identity
// description: An access a reviewer decided to revoke in an access review campaign, still active; or, where reviews.overdueFails is set, an access whose review is past due (a failed review). The reviewer's decision is recorded as the approval of this finding, so a revocation.approval line for this rule lets driftgraph revoke act on it; otherwise it is a ticket like any finding. A later scan that no longer sees the access active resolves it.
MATCH (i:ReviewItem)
WHERE (i.decision = 'revoke' AND i.status = 'decided')
   OR (i.overdueFails = true AND i.open = true AND i.status = 'open' AND datetime(i.due) < datetime($now))
MATCH (n:Entity {key: i.subjectKey})
WHERE n.removedAt IS NULL AND n.active = true
WITH n, collect(DISTINCT i.campaignId) AS campaigns, collect(DISTINCT i.decidedBy) AS decidedBy,
     collect(DISTINCT i.reason) AS reasons, max(CASE WHEN i.decision = 'revoke' THEN 0 ELSE 1 END) = 1 AS failedReview
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(n)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false
WITH n, campaigns, decidedBy, reasons, failedReview, collect(c.nativeId) AS activeCredentials
RETURN n.key AS subjectKey,
       {campaigns: campaigns, decidedBy: decidedBy, reasons: reasons, failedReview: failedReview,
        activeCredentials: activeCredentials} AS evidence

// id: review-overdue
// title: {typeLabel} {name}: access review past its due date
// severity: medium
// frameworks: ISO 27001 A.5.18; SOC 2 CC6.2; NIST SP 800-53 AC-2(j)
// remediation: complete-review
// description: An item of an open access review campaign (driftgraph review start) that its reviewer has not decided by the campaign's due date; one finding per access and campaign, owned by the reviewers who still have to answer. Decided, handed-over and closed-campaign items never count.
MATCH (i:ReviewItem)
WHERE i.open = true AND i.status = 'open' AND datetime(i.due) < datetime($now)
MATCH (n:Entity {key: i.subjectKey})
WHERE n.removedAt IS NULL
WITH n, i.campaignId AS campaign, min(i.due) AS due, collect(DISTINCT i.reviewer) AS reviewers, collect(i.id) AS items
RETURN n.key AS subjectKey, 'review:' + campaign AS entitlement, reviewers AS owners,
       {campaign: campaign, due: due, reviewers: reviewers, items: items} AS evidence

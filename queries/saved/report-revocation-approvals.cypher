// name: report-revocation-approvals
// title: Revocations waiting for an approval
// params: now
// example: now=2026-11-20T00:00:00.000Z
// description: Actions a revocation run planned (an approval that expired before `now` no longer counts) that an approval line of the policy routes to a person, whose finding is still open, and that no approval (unexpired at $now) covers yet: the queue `driftgraph revoke approve` and the web view's approve button work through. Recorded by the scheduled revoke run and `revoke --apply`; a dry run records nothing.
MATCH (a:Revocation)
WHERE a.status = 'planned' AND a.planState = 'awaiting-approval'
MATCH (f:Finding {id: a.findingId})
WHERE f.status = 'open'
OPTIONAL MATCH (ap:RevocationApproval {findingId: a.findingId})
WHERE ap.expires IS NULL OR ap.expires > $now
WITH a, f, count(ap) AS approvals
WHERE approvals = 0
RETURN a.id AS actionId, a.findingId AS findingId, a.ruleId AS ruleId, a.summary AS summary, a.createdAt AS plannedAt, f.severity AS severity
ORDER BY plannedAt, actionId

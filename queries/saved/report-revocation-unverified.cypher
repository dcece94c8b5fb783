// name: report-revocation-unverified
// title: Findings whose ticket was closed but the access remained
// params: (none)
// description: The weekly report's findings.revocationUnverified: findings flagged revocationUnverified that still stand (open or excepted).
MATCH (f:Finding)
WHERE f.revocationUnverified = true AND f.status <> 'resolved'
RETURN f.id AS id, f.severity AS severity, f.ruleId AS rule, f.subjectId AS subject, f.status AS status
ORDER BY id

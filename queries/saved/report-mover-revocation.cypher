// name: report-mover-revocation
// title: Time to revoke, per mover
// params: (none)
// description: For every mover with a mover-residual-access finding: the move instant, how many residual entitlements were found, how many still stand (open or excepted), and when the last one was resolved. Time to revoke is lastResolvedAt minus movedAt once nothing stands.
MATCH (f:Finding)
WHERE f.ruleId = 'mover-residual-access'
MATCH (p:Person {key: f.subjectKey})
WITH p, count(f) AS entitlements,
     sum(CASE WHEN f.status = 'resolved' THEN 0 ELSE 1 END) AS stillHeld,
     max(f.resolvedAt) AS lastResolvedAt
RETURN p.key AS person, p.email AS email, p.displayName AS name, p.movedAt AS movedAt,
       entitlements, stillHeld, lastResolvedAt
ORDER BY movedAt, person

// name: report-exceptions
// title: Accepted risks: active, and those that expired
// params: (none)
// description: The weekly report's exceptions figures: excepted findings with their exception (JSON: reason, approvedBy, expires), and open findings whose exception expired (expiredAt). The report counts those expiring within 14 days after the period from exception.expires.
MATCH (f:Finding)
WHERE f.status = 'excepted' OR (f.status = 'open' AND f.exceptionExpiredAt IS NOT NULL)
RETURN f.id AS id, f.status AS status, f.ruleId AS rule, f.subjectId AS subject,
       f.exceptionJson AS exception, f.exceptionExpiredAt AS expiredAt
ORDER BY id

// name: report-exceptions
// title: Accepted risks: active, and those that expired
// params: (none)
// description: The weekly report's exceptions figures: how many findings are excepted now (active), the exception of each (JSON: reason, approvedBy, expires; the report counts those expiring within 14 days after the period), and how many findings are open again because their exception expired (expired).
MATCH (f:Finding)
RETURN sum(CASE WHEN f.status = 'excepted' THEN 1 ELSE 0 END) AS active,
       collect(CASE WHEN f.status = 'excepted' THEN f.exceptionJson END) AS activeExceptions,
       sum(CASE WHEN f.status = 'open' AND f.exceptionExpiredAt IS NOT NULL THEN 1 ELSE 0 END) AS expired

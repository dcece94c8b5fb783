// name: open-findings-of-person
// title: Open findings of a person
// params: email
// example: email=omar.haddad@northwind.example
// description: The findings that still stand (open or excepted) for the person with this email, most severe first.
MATCH (f:Finding)
WHERE f.personEmail = $email AND f.status IN ['open', 'excepted']
RETURN f.severity AS severity, f.ruleId AS rule, f.title AS title, f.status AS status, f.firstSeen AS firstSeen
ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, rule

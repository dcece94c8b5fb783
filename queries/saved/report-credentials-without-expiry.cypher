// name: report-credentials-without-expiry
// title: Active credentials, and those without an expiry
// params: (none)
// description: The weekly report's credentials figures by credential type: active credentials present in their source, and how many have no expiry where their type has one (noExpiry: a GCP key valid to year 9999, a PAT without expiry). AWS access keys have no expiry at all; long-lived-credential covers them.
MATCH (c:Credential)
WHERE c.removedAt IS NULL AND c.active = true
RETURN c.type AS type, count(c) AS active, sum(CASE WHEN c.noExpiry = true THEN 1 ELSE 0 END) AS withoutExpiry
ORDER BY type

// name: report-nhi-owners
// title: Non-human identities without an owner
// params: (none)
// description: The weekly report's nhis figures: active non-human identities present in their source (provider-managed ones excepted, as the rules do), and how many have no owner that resolved to a person or team.
MATCH (n:Identity)
WHERE n.isNhi = true AND n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
RETURN count(n) AS nhis, sum(CASE WHEN coalesce(n.ownerCount, 0) > 0 THEN 0 ELSE 1 END) AS withoutOwner

// name: privileged-without-mfa
// title: Privileged accounts with a console password and no MFA
// params: (none)
// description: Active privileged identities that can sign in to a console without MFA, with why each is privileged and who it belongs to.
MATCH (a:Identity)
WHERE a.active = true AND a.removedAt IS NULL AND a.privileged = true
  AND (a.hasPassword = true OR a.isRoot = true) AND coalesce(a.mfaActive, false) = false
OPTIONAL MATCH (a)-[:LINKED_TO]->(p:Person)
RETURN a.source AS source, a.container AS container, a.name AS account, a.privilegeReasons AS why,
       p.email AS person
ORDER BY source, container, account

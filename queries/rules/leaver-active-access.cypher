// id: leaver-active-access
// title: {personName} left on {leftAt} but still has an active {sourceLabel} account {name}
// severity: critical
// frameworks: NIST CSF 2.0 PR.AA-01; NIST CSF 2.0 PR.AA-05; OWASP NHI1:2025
// remediation: disable-account
// params: graceHours=24
// depends-on: hr
// description: A leaver still has an active account, or an active credential of it, more than graceHours after leaving; the active credentials of NHIs they own in the same container are in the evidence. A GCP account is a `user:` member of a project's bindings: one finding per project and member, its roles in the evidence.
MATCH (a:Account)-[:LINKED_TO]->(p:Person)
WHERE a.removedAt IS NULL AND a.active = true
  AND p.removedAt IS NULL AND p.isLeaver = true AND p.leftAt IS NOT NULL
  AND datetime(p.leftAt) + duration({hours: $graceHours}) < datetime($now)
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(a)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false
WITH a, p, collect(c.nativeId) AS activeCredentials
// The credentials of NHIs the leaver owns (an Entra app's secrets): who holds them now?
OPTIONAL MATCH (oc:Credential)-[:AUTHENTICATES_AS]->(n:NHI)-[:OWNED_BY]->(p)
WHERE oc.removedAt IS NULL AND oc.active = true AND coalesce(oc.providerManaged, false) = false
  AND n.removedAt IS NULL AND n.source = a.source AND n.container = a.container
WITH a, p, activeCredentials, collect(DISTINCT oc.nativeId) AS ownedNhiCredentials
RETURN a.key AS subjectKey, p.key AS personKey,
       {leftAt: p.leftAt, hrStatus: p.status, consolePassword: coalesce(a.hasPassword, false),
        activeCredentials: activeCredentials, ownedNhiCredentials: ownedNhiCredentials,
        lastUsed: a.lastUsedAt, roles: a.roles} AS evidence

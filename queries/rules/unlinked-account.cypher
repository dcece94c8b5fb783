// id: unlinked-account
// title: {sourceLabel} account {name} belongs to no known person
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-01; NIST CSF 2.0 ID.AM-01
// remediation: link-or-remove-account
// depends-on: hr
// without: hr=people to link accounts to, so every account looks unlinked
// description: An account that no link (email, SAML identity, SCIM attribute, tag, manual mapping) ties to a person and that the config does not declare a bot or service.
MATCH (a:Account)
WHERE a.removedAt IS NULL AND coalesce(a.isRoot, false) = false
  AND coalesce(a.declaredBot, false) = false
  AND NOT EXISTS { MATCH (a)-[:LINKED_TO]->(:Person) }
RETURN a.key AS subjectKey,
       {active: a.active, consolePassword: a.hasPassword, lastUsed: a.lastUsedAt, createdAt: a.createdAt, roles: a.roles} AS evidence

// name: unlinked-accounts
// title: Accounts linked to nobody
// params: (none)
// description: Active accounts (not NHIs) that no link ties to a person and the config does not declare a bot, with the link hints they carried.
MATCH (a:Account)
WHERE a.active = true AND a.removedAt IS NULL AND NOT (a)-[:LINKED_TO]->(:Person)
  AND coalesce(a.declaredBot, false) = false
RETURN a.source AS source, a.container AS container, a.name AS account, a.linkValues AS hints,
       a.lastUsedAt AS lastUsed
ORDER BY source, container, account

// id: dormant-account
// title: {sourceLabel} account {name} of {personName} unused for {days} days
// severity: low
// frameworks: NIST CSF 2.0 PR.AA-05; NIST CSF 2.0 DE.CM-03
// remediation: disable-account
// params: dormantDays=90
// days-since: lastUsed
// depends-on: hr
// without: hr=who is an active person, so no account could be judged
// description: An active person's account, older than dormantDays, whose every use signal is older than dormantDays or absent; only systems that report use.
MATCH (a:Account)-[:LINKED_TO]->(p:Person)
WHERE a.removedAt IS NULL AND a.active = true AND a.usageReported = true
  AND p.removedAt IS NULL AND p.isActive = true
  AND a.createdAt IS NOT NULL
  AND datetime(a.createdAt) < datetime($now) - duration({days: $dormantDays})
  AND (a.lastUsedAt IS NULL OR datetime(a.lastUsedAt) < datetime($now) - duration({days: $dormantDays}))
RETURN a.key AS subjectKey, p.key AS personKey,
       {lastUsed: a.lastUsedAt, createdAt: a.createdAt, neverUsed: a.lastUsedAt IS NULL} AS evidence

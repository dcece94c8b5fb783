// id: leaver-owned-nhi
// title: {typeLabel} {name} is owned only by people who left
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-01; OWASP NHI1:2025
// remediation: reassign-owner
// params: graceHours=24
// depends-on: hr, catalog
// without: hr=who left and when; catalog=owners and team members declared in the catalog (only tags and other declarations were read)
// description: An active NHI or stand-alone credential whose owners are all leavers (or teams whose members have all left), more than graceHours after the last one left. A team with no known member is not taken for a team that left.
MATCH (n:Entity)-[:OWNED_BY]->(owner:Entity)
WHERE (n:NHI OR (n:Credential AND n.standalone = true))
  AND n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
WITH DISTINCT n, owner
WITH n,
     count(owner) AS owners,
     sum(CASE WHEN (owner.type = 'person' AND owner.isLeaver = true)
                OR (owner.type = 'group' AND owner.isActive = false AND owner.inactiveSince IS NOT NULL)
              THEN 1 ELSE 0 END) AS goneOwners,
     max(coalesce(owner.leftAt, owner.inactiveSince)) AS lastOwnerLeftAt,
     collect(owner.nativeId) AS ownerIds
WHERE owners > 0 AND owners = goneOwners
  AND datetime(lastOwnerLeftAt) + duration({hours: $graceHours}) < datetime($now)
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(n)
WHERE c.removedAt IS NULL AND c.active = true AND coalesce(c.providerManaged, false) = false
WITH n, lastOwnerLeftAt, ownerIds, collect(c.nativeId) AS activeCredentials
// Workload identity joins: the cloud identity it runs as, and the workloads that run as it.
OPTIONAL MATCH (n)-[:ACTS_AS]->(t:Identity)
WHERE t.removedAt IS NULL
WITH n, lastOwnerLeftAt, ownerIds, activeCredentials, collect(t.source + ' ' + t.type + ' ' + t.nativeId) AS runsAs
OPTIONAL MATCH (w:Identity)-[:ACTS_AS]->(n)
WHERE w.removedAt IS NULL
WITH n, lastOwnerLeftAt, ownerIds, activeCredentials, runsAs, collect(w.source + ' ' + w.container + ' ' + w.type + ' ' + w.nativeId) AS workloads
RETURN n.key AS subjectKey,
       {lastOwnerLeftAt: lastOwnerLeftAt, formerOwners: ownerIds, activeCredentials: activeCredentials,
        unresolvedOwners: coalesce(n.unresolvedOwners, []),
        runsAs: CASE WHEN size(runsAs) = 0 THEN null ELSE runsAs END,
        workloads: CASE WHEN size(workloads) = 0 THEN null ELSE workloads END} AS evidence

// id: unused-workload-identity
// title: {typeLabel} {name} holds a token or cloud identity no workload has used for {days} days
// severity: medium
// frameworks: NIST CSF 2.0 PR.AA-05; OWASP NHI5:2025; OWASP NHI7:2025
// remediation: decommission-identity
// params: unusedDays=90
// days-since: unusedSince
// description: A workload identity (a Kubernetes service account) with a long-lived token or a cloud identity it acts as, that no workload has run as for more than unusedDays: no running pod uses it, and the last finished one, or its creation, is older. Judged only where the source reports workload use (the cluster's pods are in the snapshot); a change to the identity since an earlier scan restarts the count.
MATCH (n:Identity)
WHERE n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false
  AND n.workloadUseReported = true AND n.inUseByWorkloads = false AND n.unusedSince IS NOT NULL
// What the snapshot says, unless the store saw it change later (a pod stopped using it): then from that scan.
WITH n, CASE WHEN n.changedAt IS NOT NULL AND n.changedAt <> n.firstSeen AND n.changedAt > n.unusedSince
             THEN n.changedAt ELSE n.unusedSince END AS since
WHERE datetime(since) < datetime($now) - duration({days: $unusedDays})
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(n)
WHERE c.removedAt IS NULL AND c.active = true
WITH n, since, collect(c.nativeId) AS tokens
OPTIONAL MATCH (n)-[:ACTS_AS]->(t:Identity)
WHERE t.removedAt IS NULL
WITH n, since, tokens, collect(t.source + ' ' + t.type + ' ' + t.nativeId) AS runsAs
WHERE size(tokens) > 0 OR size(coalesce(n.actsAsValues, [])) > 0
RETURN n.key AS subjectKey,
       {unusedSince: since, lastWorkload: n.lastWorkload, createdAt: n.createdAt,
        tokens: CASE WHEN size(tokens) = 0 THEN null ELSE tokens END,
        runsAs: CASE WHEN size(runsAs) = 0 THEN null ELSE runsAs END,
        declaredRunsAs: CASE WHEN size(coalesce(n.actsAsValues, [])) = 0 THEN null ELSE n.actsAsValues END} AS evidence

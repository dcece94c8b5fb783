// id: mover-residual-access
// title: {personName} moved from {moveFrom} to {moveTo} but still holds {entitlement}
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-05; OWASP NHI5:2025
// remediation: remove-entitlement
// params: transitionDays=30, oldShare=0.5, newShare=0.1, minPeers=3
// depends-on: hr
// without: hr=departments and moves, so no mover could be found
// description: A mover whose change is more than transitionDays old still holds an entitlement that most of the old department holds and almost none of the new one does. The mover counts in neither department.
MATCH (m:Person)<-[:LINKED_TO]-(a:Account)-[:HOLDS]->(e:Entitlement)
WHERE m.removedAt IS NULL AND m.isActive = true
  AND m.movedAt IS NOT NULL AND m.moveFrom IS NOT NULL AND m.moveFrom <> m.department
  AND datetime(m.movedAt) + duration({days: $transitionDays}) < datetime($now)
  AND a.removedAt IS NULL AND a.active = true AND e.removedAt IS NULL
WITH m, e, collect(DISTINCT a.name) AS viaAccounts
MATCH (peer:Person)
WHERE peer.removedAt IS NULL AND peer.isActive = true AND peer.key <> m.key
  AND peer.department IN [m.moveFrom, m.department]
OPTIONAL MATCH (peer)<-[:LINKED_TO]-(pa:Account)-[:HOLDS]->(e)
WHERE pa.removedAt IS NULL AND pa.active = true
WITH m, e, viaAccounts, peer, count(pa) > 0 AS holds
WITH m, e, viaAccounts,
     sum(CASE WHEN peer.department = m.moveFrom THEN 1 ELSE 0 END) AS oldPeers,
     sum(CASE WHEN peer.department = m.moveFrom AND holds THEN 1 ELSE 0 END) AS oldHolders,
     sum(CASE WHEN peer.department = m.department THEN 1 ELSE 0 END) AS newPeers,
     sum(CASE WHEN peer.department = m.department AND holds THEN 1 ELSE 0 END) AS newHolders
WHERE oldPeers >= $minPeers AND newPeers >= $minPeers
  AND toFloat(oldHolders) / oldPeers >= $oldShare
  AND toFloat(newHolders) / newPeers < $newShare
RETURN m.key AS subjectKey, m.key AS personKey, e.entitlementId AS entitlement,
       {movedAt: m.movedAt, moveFrom: m.moveFrom, moveTo: m.department, viaAccounts: viaAccounts,
        entitlementName: e.name, entitlementSource: e.source,
        oldDepartmentHolders: oldHolders, oldDepartmentPeers: oldPeers,
        newDepartmentHolders: newHolders, newDepartmentPeers: newPeers} AS evidence

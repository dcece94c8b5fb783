// id: context-geo-mismatch
// title: {typeLabel} {name} called {sourceLabel} from outside its declared {mismatchKind}
// severity: high
// frameworks: NIST CSF 2.0 DE.CM-03; NIST CSF 2.0 PR.AA-03; OWASP NHI8:2025
// remediation: investigate-activity
// params: windowDays=30
// depends-on: catalog
// description: In the last windowDays, a CloudTrail call by an NHI from a region outside its declared expected regions (calls to global services logged in us-east-1 are not judged by region), or from a source IP outside its declared allowed CIDRs.
MATCH (i:NHI)-[:PERFORMED]->(act:Activity)
WHERE i.removedAt IS NULL AND coalesce(i.providerManaged, false) = false
  AND act.lastEventAt IS NOT NULL
  AND datetime(act.lastEventAt) >= datetime($now) - duration({days: $windowDays})
WITH i, act,
     (size(coalesce(i.expectedRegions, [])) > 0 AND coalesce(act.globalService, false) = false
      AND act.region IS NOT NULL AND NOT act.region IN i.expectedRegions) AS badRegion,
     (size(coalesce(i.allowedRanges, [])) > 0 AND act.ipKey IS NOT NULL
      AND NOT any(k IN range(0, size(i.allowedRanges) - 2, 2)
                  WHERE act.ipKey >= i.allowedRanges[k] AND act.ipKey <= i.allowedRanges[k + 1])) AS badIp
WHERE badRegion OR badIp
WITH i, collect({region: act.region, sourceIp: act.sourceIp, lastEventAt: act.lastEventAt,
                 lastEventName: act.lastEventName, lastEventSource: act.lastEventSource, events: act.events,
                 outsideRegions: badRegion, outsideCidrs: badIp}) AS calls,
     max(CASE WHEN badRegion THEN 1 ELSE 0 END) AS anyRegion, max(CASE WHEN badIp THEN 1 ELSE 0 END) AS anyIp
RETURN i.key AS subjectKey,
       {calls: calls, expectedRegions: coalesce(i.expectedRegions, []), allowedCidrs: coalesce(i.allowedCidrs, []),
        outsideRegions: anyRegion = 1, outsideCidrs: anyIp = 1} AS evidence

// id: context-geo-mismatch
// title: {geoTitle}
// severity: high
// frameworks: NIST CSF 2.0 DE.CM-03; NIST CSF 2.0 PR.AA-03; OWASP NHI8:2025
// remediation: investigate-activity
// params: windowDays=30
// depends-on: catalog
// description: In the last windowDays, a person's successful sign-in (Okta, Entra ID) from a country other than their HR country (subject: the person); or a CloudTrail call by an NHI from a region outside its declared expected regions (calls to global services logged in us-east-1 are not judged by region), or from a source IP outside its declared allowed CIDRs.
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
UNION ALL
// The sign-in half: a person's successful sign-ins (any source that declares them) in the window from a
// country (ISO 3166-1 alpha-2) other than their HR country.
MATCH (p:Person)-[:PERFORMED]->(s:Activity)
WHERE p.removedAt IS NULL AND s.removedAt IS NULL AND s.signIn = true
  AND s.lastEventAt IS NOT NULL
  AND datetime(s.lastEventAt) >= datetime($now) - duration({days: $windowDays})
  AND p.country IS NOT NULL AND s.country IS NOT NULL AND s.country <> p.country
WITH p, s ORDER BY s.lastEventAt DESC
WITH p, collect({time: s.lastEventAt, firstTime: s.firstEventAt, ip: s.sourceIp, country: s.country,
                 countryName: s.countryName, city: s.city, device: s.deviceId, events: s.events,
                 oktaUserId: s.oktaUserId, actorEmail: s.actorEmail, source: s.source, container: s.container,
                 actorId: s.actorId}) AS signIns,
     collect(s.oktaOrgUrl) AS orgs
RETURN p.key AS subjectKey,
       {signIns: signIns, country: signIns[0].country, lastSignIn: signIns[0].time, hrCountry: p.country,
        oktaOrgUrl: head(orgs)} AS evidence

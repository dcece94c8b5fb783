// name: activity-outside-expected-regions
// title: NHI activity outside its expected regions
// params: (none)
// description: CloudTrail activity of NHIs that declare expected regions, from any other region (calls to global services, logged in us-east-1, are left out), with the source IP and when.
MATCH (i:Identity)-[:PERFORMED]->(x:Activity)
WHERE size(i.expectedRegions) > 0 AND NOT x.region IN i.expectedRegions AND coalesce(x.globalService, false) = false
RETURN i.container AS account, i.name AS identity, i.expectedRegions AS expected, x.region AS region,
       x.sourceIp AS sourceIp, x.events AS events, x.lastEventAt AS lastEvent
ORDER BY lastEvent DESC

// name: activity-from-ip
// title: Who acted from an IP address
// params: ip
// example: ip=86.12.44.201
// description: Every identity with recorded activity (CloudTrail calls, sign-ins) from this source IP, with the person it is linked to, the region and when.
MATCH (i:Identity)-[:PERFORMED]->(x:Activity {sourceIp: $ip})
OPTIONAL MATCH (i)-[:LINKED_TO]->(p:Person)
RETURN i.source AS source, i.container AS container, i.name AS identity, p.email AS person,
       x.region AS region, x.events AS events, x.firstEventAt AS firstEvent, x.lastEventAt AS lastEvent
ORDER BY lastEvent DESC

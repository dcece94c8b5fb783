// name: who-holds-entitlement
// title: Who holds an entitlement
// params: name
// example: name=payments-engineers
// description: Every identity holding the entitlement (AWS group, GitHub team, GCP role binding, SCIM group) with this name, the person it belongs to, their department and whether they are a leaver.
MATCH (i:Identity)-[:HOLDS]->(e:Entitlement {name: $name})
OPTIONAL MATCH (i)-[:LINKED_TO]->(p:Person)
RETURN e.source AS source, e.container AS container, i.name AS identity, i.active AS active,
       p.email AS person, p.department AS department, coalesce(p.isLeaver, false) AS leaver
ORDER BY leaver DESC, department, person

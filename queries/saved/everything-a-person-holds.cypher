// name: everything-a-person-holds
// title: Everything a person holds
// params: email
// example: email=ethan.clarke@northwind.example
// description: Every account linked to the person (with the link method), each entitlement it holds and each credential that authenticates as it; one row per account, entitlement and credential. The CLI's `driftgraph person ID` and the person page show the same, grouped.
MATCH (p:Person {email: $email})<-[l:LINKED_TO]-(a:Identity)
OPTIONAL MATCH (a)-[:HOLDS]->(e:Entitlement)
OPTIONAL MATCH (c:Credential)-[:AUTHENTICATES_AS]->(a)
RETURN a.source AS source, a.container AS container, a.name AS account, l.method AS linkedBy,
       a.active AS active, a.privileged AS privileged, e.name AS entitlement,
       c.nativeId AS credential, c.type AS credentialType, c.active AS credentialActive
ORDER BY source, container, account, entitlement, credential

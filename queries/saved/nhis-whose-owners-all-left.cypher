// name: nhis-whose-owners-all-left
// title: NHIs whose owners have all left
// params: (none)
// description: Active non-human identities that have owners, where every person owning them is a leaver and no team owns them: nobody left to answer for them.
MATCH (n:NHI)-[:OWNED_BY]->(owner:Person)
WHERE n.active = true AND n.removedAt IS NULL
WITH n, collect(owner) AS owners
WHERE all(o IN owners WHERE o.isLeaver = true)
  AND NOT (n)-[:OWNED_BY]->(:Team)
RETURN n.source AS source, n.container AS container, n.name AS nhi,
       [o IN owners | o.email + ' (left ' + coalesce(o.leftAt, '?') + ')'] AS formerOwners
ORDER BY source, container, nhi

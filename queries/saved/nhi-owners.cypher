// name: nhi-owners
// title: Who owns this NHI, and how that is known
// params: name
// example: name=grafana-cloudwatch
// description: For the non-human identity with this name: each owner (person or team), the method that found it (catalog, an AWS tag, ...) and the value as declared, whether that owner is still active; and owner values that name nobody known.
MATCH (n:NHI {name: $name})
OPTIONAL MATCH (n)-[o:OWNED_BY]->(w)
RETURN n.source AS source, n.container AS container, n.name AS nhi, n.nativeId AS id,
       o.method AS foundBy, o.value AS declaredAs,
       coalesce(w.email, w.nativeId) AS owner, coalesce(w.isActive, true) AS ownerActive,
       n.unresolvedOwners AS unresolvedOwners
ORDER BY foundBy

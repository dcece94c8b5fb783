// name: retired-services-still-running
// title: Retired or deprecated services whose identities are still active
// params: (none)
// description: Catalog services with lifecycle deprecated or retired that still list an active NHI or credential: access for something that should be gone.
MATCH (s:Service)-[:RUNS_AS]->(i)
WHERE s.lifecycle IN ['deprecated', 'retired'] AND i.active = true AND i.removedAt IS NULL
RETURN s.nativeId AS service, s.lifecycle AS lifecycle, i.source AS source, i.container AS container,
       i.name AS identity, i.lastUsedAt AS lastUsed
ORDER BY service, identity

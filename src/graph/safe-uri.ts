// How a Neo4j URI may be shown: kept apart from the Neo4j store so that naming
// the store does not load neo4j-driver.

/** The URI as it may be shown: any `user:password@` in it removed. */
export function safeUri(uri: string): string {
  return uri.replace(/\/\/[^/@]*@/, '//');
}

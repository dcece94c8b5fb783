// `driftgraph query` is for reading. Writes are refused before they reach the
// store (and the store is opened read-only as well): an analyst's query must
// never change what the scans recorded.
const WRITE_CLAUSES = /\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|ALTER|GRANT|DENY|REVOKE)\b/i;

/** The clause that writes, or null. Strings and comments are ignored. */
export function writingClause(cypher: string): string | null {
  const stripped = cypher
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/`[^`]*`/g, '``');
  const m = WRITE_CLAUSES.exec(stripped);
  if (m) return m[1]!.toUpperCase().replace(/\s+/g, ' ');
  // Procedures may write (apoc.create.*, db.create*); only known read-only ones pass.
  const call = /\bCALL\s+([A-Za-z_][\w.]*)/i.exec(stripped);
  if (call && !/^(db\.(labels|relationshipTypes|propertyKeys|schema\.|indexes|constraints)|dbms\.components)/i.test(call[1]!)) {
    return `CALL ${call[1]}`;
  }
  return null;
}

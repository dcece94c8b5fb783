// The check every analyst query passes before a store sees it, on the command
// line (`driftgraph query`) and in the web console alike.
import { ReadOnlyQueryError } from '../graph/store.js';
import { UsageError } from '../util/errors.js';

/** Refuses a query that does not parse or does more than read. */
export async function checkQuery(cypher: string): Promise<void> {
  // Loaded here, not at start-up: the parser is large and only `query` needs it.
  const { syntaxError } = await import('./cypher-syntax.js');
  const { refusalOf } = await import('./read-only.js');
  const syntax = syntaxError(cypher);
  if (syntax) throw new UsageError(`the query does not parse: ${syntax}`);
  const refusal = refusalOf(cypher);
  if (refusal) throw new ReadOnlyQueryError(`${refusal}; only scans write to it`);
}

// The check every analyst query passes before a store sees it, on the command
// line (`driftgraph query`) and in the web console alike. It gives back the
// text to run: the query's plain form (query-text.ts), the very text the
// guard approved, never the text as typed.
import { ReadOnlyQueryError } from '../graph/store.js';
import { UsageError } from '../util/errors.js';

/** Refuses a query that does not parse or does more than read; returns the plain form to run. */
export async function checkQuery(cypher: string): Promise<string> {
  // Loaded here, not at start-up: the parser is large and only `query` needs it.
  const { loadCypherParser } = await import('./cypher-parser.js');
  await loadCypherParser();
  const { syntaxError } = await import('./cypher-syntax.js');
  const { refusalOf } = await import('./read-only.js');
  const { plainQuery, AmbiguousQueryError } = await import('./query-text.js');
  const syntax = await syntaxError(cypher);
  if (syntax) throw new UsageError(`the query does not parse: ${syntax}`);
  const refusal = refusalOf(cypher);
  if (refusal) throw new ReadOnlyQueryError(`${refusal}; only scans write to it`);
  let plain: string;
  try {
    plain = plainQuery(cypher);
  } catch (e) {
    if (e instanceof AmbiguousQueryError) throw new ReadOnlyQueryError(`the query is refused because the stores could read it differently: ${e.message}`);
    throw e;
  }
  // The guard proper: what runs is checked, as it runs. Past the parse
  // tree, the words LOAD CSV outside strings and quoted names are refused
  // outright: a grammar the stores read differently could make names of
  // them in one and a file read in the other (the read-only store still
  // refuses writes, but a file read is a read).
  const bare = plain.replace(/'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ');
  // (Text that is already plain passed the parse and the refusal above.)
  const checked = plain === cypher ? null : ((await syntaxError(plain)) ?? refusalOf(plain));
  const again = checked ?? (/\bLOAD\s+CSV\b/i.test(bare) ? 'LOAD CSV would read a file on the machine that runs the store' : null);
  if (again) throw new ReadOnlyQueryError(`the query is refused: its plain form (${plain}) fails the check: ${again}`);
  return plain;
}

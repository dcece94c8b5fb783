// The check every analyst query passes before a store sees it, on the command
// line (`driftgraph query`) and in the web console alike. It gives back the
// text to run: the query's plain form (query-text.ts), the very text the
// guard approved, never the text as typed.
//
// The check is in two parts: the verdict (judgeQuery, which needs the parser
// loaded and nothing else) and, for a query it refuses, the error that says
// why. `driftgraph query` may have the verdict from the check process started
// with the command (check-process.ts); a refusal is always explained here.
import { ReadOnlyQueryError } from '../graph/store.js';
import { UsageError } from '../util/errors.js';
import { cypherSyntaxErrors, loadCypherParser } from './cypher-parser.js';
import { refusalOf } from './read-only.js';
import { plainQuery, AmbiguousQueryError } from './query-text.js';

/** What the guard says of a query: the plain form to run, or why not (explained by checkQuery). */
export type Verdict =
  | { plain: string }
  /** The query as typed does not parse. */
  | { unparsable: true }
  /** It does more than read: the refusal, whole. */
  | { refused: string }
  /** The stores could read it differently. */
  | { ambiguous: string }
  /** Its plain form fails the check: it does not parse, or why it is refused. */
  | { plainFails: string; unparsable?: true; why?: string };

/** The guard's verdict on a query; the parser must be loaded (loadCypherParser). */
export function judgeQuery(cypher: string): Verdict {
  if (cypherSyntaxErrors(cypher).length) return { unparsable: true };
  const refusal = refusalOf(cypher);
  if (refusal) return { refused: refusal };
  let plain: string;
  try {
    plain = plainQuery(cypher);
  } catch (e) {
    if (e instanceof AmbiguousQueryError) return { ambiguous: e.message };
    throw e;
  }
  // The guard proper: what runs is checked, as it runs. (Text that is
  // already plain passed the parse and the refusal above.)
  if (plain !== cypher) {
    if (cypherSyntaxErrors(plain).length) return { plainFails: plain, unparsable: true };
    const again = refusalOf(plain);
    if (again) return { plainFails: plain, why: again };
  }
  // Past the parse tree, the words LOAD CSV outside strings and quoted names
  // are refused outright: a grammar the stores read differently could make
  // names of them in one and a file read in the other (the read-only store
  // still refuses writes, but a file read is a read).
  const bare = plain.replace(/'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ');
  if (/\bLOAD\s+CSV\b/i.test(bare)) return { plainFails: plain, why: 'LOAD CSV would read a file on the machine that runs the store' };
  return { plain };
}

/**
 * Refuses a query that does not parse or does more than read; returns the
 * plain form to run. `early` is a verdict already reached for this very text
 * (by the check process); only an approval is taken from it.
 */
export async function checkQuery(cypher: string, early?: Verdict | null): Promise<string> {
  if (early && 'plain' in early) return early.plain;
  // Neo4j's generated parser loads now, on first use, not at start-up: it is large and only queries need it.
  await loadCypherParser();
  const verdict = judgeQuery(cypher);
  if ('plain' in verdict) return verdict.plain;
  // A syntax error's message (Neo4j's linter's words, with a caret) is loaded only for one.
  const { syntaxError } = await import('./cypher-syntax.js');
  if ('unparsable' in verdict && !('plainFails' in verdict)) throw new UsageError(`the query does not parse: ${await syntaxError(cypher)}`);
  if ('refused' in verdict) throw new ReadOnlyQueryError(`${verdict.refused}; only scans write to it`);
  if ('ambiguous' in verdict) throw new ReadOnlyQueryError(`the query is refused because the stores could read it differently: ${verdict.ambiguous}`);
  const why = verdict.unparsable ? await syntaxError(verdict.plainFails) : verdict.why;
  throw new ReadOnlyQueryError(`the query is refused: its plain form (${verdict.plainFails}) fails the check: ${why}`);
}

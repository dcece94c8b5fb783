// A query with a syntax (or semantic) error is a usage error: say where, with
// the query's line and a caret under the column, as a compiler would. Neo4j's
// own parser finds it before any store runs the query; the message is the
// linter's (Neo4j's "Invalid input 'RETRUN': expected ..."), loaded only for
// a query that has an error. What the query means (an unknown variable, a
// wrong type) the store that runs it checks.
import { cypherSyntaxErrors, cypherTokens } from './cypher-parser.js';
import { terminalSafe } from '../util/escape.js';

/** `line L, column C: message` plus the line and a caret, or null when the query parses (the parser must be loaded). */
export async function syntaxError(cypher: string): Promise<string | null> {
  const parserSays = cypherSyntaxErrors(cypher)[0];
  if (!parserSays) return null;
  if (cypherTokens(cypher).every((t) => t.comment)) return 'the query is empty: nothing but spaces and comments';
  const { ERROR, lintCypher } = await import('../rules/lint.js');
  const first = lintCypher(cypher).find((p) => p.severity === ERROR) ?? parserSays;
  return `line ${first.line}, column ${first.column}: ${first.message}\n${caret(cypher, first.line, first.column)}`;
}

/** The query's line (made inert for the terminal) and a caret under the column (both 1-based). */
export function caret(cypher: string, line: number, column: number): string {
  const text = cypher.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const before = terminalSafe(text.slice(0, column - 1));
  return `  ${terminalSafe(text)}\n  ${' '.repeat(before.length)}^`;
}

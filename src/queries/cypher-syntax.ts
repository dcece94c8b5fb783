// A query with a syntax (or semantic) error is a usage error: say where, with
// the query's line and a caret under the column, as a compiler would. Neo4j's
// own parser and semantic analysis find it before any store runs the query.
import { ERROR, lintCypher } from '../rules/lint.js';
import { terminalSafe } from '../util/escape.js';

/** `line L, column C: message` plus the line and a caret, or null when the query parses. */
export function syntaxError(cypher: string): string | null {
  const first = lintCypher(cypher).find((p) => p.severity === ERROR);
  if (!first) return null;
  return `line ${first.line}, column ${first.column}: ${first.message}\n${caret(cypher, first.line, first.column)}`;
}

/** The query's line (made inert for the terminal) and a caret under the column (both 1-based). */
export function caret(cypher: string, line: number, column: number): string {
  const text = cypher.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const before = terminalSafe(text.slice(0, column - 1));
  return `  ${terminalSafe(text)}\n  ${' '.repeat(before.length)}^`;
}

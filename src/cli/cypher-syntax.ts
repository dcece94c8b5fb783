// A query with a syntax (or semantic) error is a usage error: say where, with
// the query's line and a caret under the column, as a compiler would. Neo4j's
// own parser and semantic analysis find it before any store runs the query.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';
import { terminalSafe } from '../util/escape.js';

const ERROR = 1; // LSP DiagnosticSeverity.Error

/** `line L, column C: message` plus the line and a caret, or null when the query parses. */
export function syntaxError(cypher: string): string | null {
  // Parameters get their values when the query runs: "not defined" is no error here.
  const errors = lintCypherQuery(cypher, {})
    .diagnostics.filter((d) => (d.severity ?? ERROR) === ERROR)
    .map((d) => ({ start: d.range.start, message: typeof d.message === 'string' ? d.message : d.message.value }))
    .filter(isNotParamError);
  const first = errors[0];
  if (!first) return null;
  const { line, character } = first.start;
  return `line ${line + 1}, column ${character + 1}: ${first.message}\n${caret(cypher, line, character)}`;
}

/** The query line (made inert for the terminal) and a caret under the column. */
export function caret(cypher: string, line: number, character: number): string {
  const text = cypher.split(/\r\n|\r|\n/)[line] ?? '';
  const before = terminalSafe(text.slice(0, character));
  return `  ${terminalSafe(text)}\n  ${' '.repeat(before.length)}^`;
}

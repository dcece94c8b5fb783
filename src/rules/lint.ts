// Neo4j's own Cypher parser and semantic analysis over a rule or query: both
// stores run these files, and Neo4j is the stricter reader. The test suite
// lints every shipped .cypher file with it; `--rules DIR` lints a team's own
// rule files with it before a scan runs them.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';
import type { DbSchema } from '@neo4j-cypher/language-support';
import { EDGE_TYPES, NODE_LABELS } from '../graph/records.js';

/**
 * What the product writes: the linter warns about anything else. Besides the
 * mapped labels: every node is an Entity; linking adds Account or NHI to an
 * Identity (docs/graph-model.md); findings and scans have their own.
 */
export const GRAPH_SCHEMA: DbSchema = {
  labels: [...NODE_LABELS, 'Entity', 'Account', 'NHI', 'Finding', 'Scan'],
  relationshipTypes: [...EDGE_TYPES],
};

// LSP severities (vscode-languageserver-types DiagnosticSeverity).
export const ERROR = 1;
export const WARNING = 2;

export interface LintProblem {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  severity: number;
  message: string;
}

/**
 * Lints one query. A query's parameters are given when it runs, so the
 * linter's "Parameter $x is not defined" (it has no values for them) is not
 * a problem here.
 */
export function lintCypher(text: string, schema: DbSchema = GRAPH_SCHEMA): LintProblem[] {
  return lintCypherQuery(text, schema)
    .diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: d.severity ?? ERROR,
      // An LSP message may be markup; the linter's are plain text.
      message: typeof d.message === 'string' ? d.message : d.message.value,
    }))
    .filter(isNotParamError);
}

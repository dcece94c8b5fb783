// `driftgraph query` is for reading the graph and nothing else: no writes,
// no file reads (LOAD CSV reads files on the machine that runs the store),
// no procedures that might do either. Queries are classified on Neo4j's own
// Cypher parse tree (the parser the lint test uses; cypher-parser.ts loads it), so strings, comments and
// names can neither hide a clause nor be mistaken for one. The same check
// runs before either store sees the query; the stores' read-only modes stay
// as a second line.
import { cypherTree, type SimpleTree } from './cypher-parser.js';

/** Clauses a read may use; any other clause is refused. */
const READ_CLAUSES = new Set([
  'matchClause',
  'withClause',
  'returnClause',
  'unwindClause',
  'orderBySkipLimitClause',
  'filterClause',
  'letClause',
  'forListClause',
  'finishClause',
  'callClause', // a procedure: checked against READ_PROCEDURES
  'subqueryClause', // CALL { ... }: its clauses are checked; IN TRANSACTIONS is refused
]);

/** What a refused parse-tree rule is, in the words of the message. */
const REFUSED: Record<string, string> = {
  createClause: 'CREATE would change the graph',
  insertClause: 'INSERT would change the graph',
  mergeClause: 'MERGE would change the graph',
  setClause: 'SET would change the graph',
  removeClause: 'REMOVE would change the graph',
  deleteClause: 'DELETE would change the graph',
  foreachClause: 'FOREACH is for writes',
  loadCSVClause: 'LOAD CSV would read a file on the machine that runs the store',
  subqueryInTransactionsParameters: 'CALL { } IN TRANSACTIONS is for writes',
  useClause: 'USE would switch to another graph',
  composableCommandClauses: 'SHOW and TERMINATE commands are administration',
  command: 'schema and administration commands would change the database',
  consoleCommand: 'console commands are not queries',
  localDefinition: 'DEFINE is not allowed in an analyst query',
};

/** Procedures known to only read the schema; every other one is refused (they may write or read files). */
export const READ_PROCEDURES = [
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
  'dbms.components',
];

/** Built-in function namespaces; plug-in functions (apoc.*, ...) may run Cypher or read files. */
const FUNCTION_NAMESPACES = new Set(['date', 'datetime', 'localdatetime', 'localtime', 'time', 'duration', 'point', 'vector']);
const READ_FUNCTIONS = new Set(['db.nameFromElementId']);

const isRule = (n: SimpleTree) => (n.children?.length ?? 0) > 0;

/** The text under a rule: its leaves (tokens), joined. */
function tokens(n: SimpleTree): string[] {
  return isRule(n) ? n.children!.flatMap(tokens) : [n.name];
}

/** `namespace symbolicNameString` as a plain dotted name, backtick quoting removed. */
function qualifiedName(n: SimpleTree): string {
  return tokens(n)
    .join('')
    .split('.')
    .map((part) => (part.startsWith('`') && part.endsWith('`') ? part.slice(1, -1).replace(/``/g, '`') : part))
    .join('.');
}

function child(n: SimpleTree, name: string): SimpleTree | undefined {
  return n.children?.find((c) => c.name === name && isRule(c));
}

/**
 * Why this (syntactically valid) query may not run as an analyst's query, or
 * null when it only reads. Every statement and every nested subquery is checked.
 */
export function refusalOf(cypher: string): string | null {
  // A trailing `;` leaves an empty statement: it has no tokens.
  const statements = (cypherTree(cypher).children ?? []).filter(isRule);
  if (statements.length > 1) return 'one statement at a time';
  const problems: string[] = [];
  const visit = (n: SimpleTree) => {
    if (!isRule(n)) return; // a token: a name or a literal, never a clause
    const refused = REFUSED[n.name];
    if (refused) problems.push(refused);
    if (n.name === 'clause') {
      const kind = n.children!.find(isRule)?.name;
      if (kind && !READ_CLAUSES.has(kind) && !REFUSED[kind]) problems.push(`${kind.replace(/Clause$/, '').toUpperCase()} is not a read`);
    }
    if (n.name === 'callClause') {
      const name = qualifiedName(child(n, 'procedureName') ?? { name: '' });
      if (!READ_PROCEDURES.includes(name)) {
        problems.push(`the procedure ${name} is not on the read-only list (${READ_PROCEDURES.join(', ')})`);
      }
    }
    if (n.name === 'functionName') {
      const name = qualifiedName(n);
      const namespace = name.includes('.') ? name.slice(0, name.indexOf('.')).toLowerCase() : '';
      if (namespace && !FUNCTION_NAMESPACES.has(namespace) && !READ_FUNCTIONS.has(name)) {
        problems.push(`the function ${name} is a plug-in function, not a built-in one`);
      }
    }
    n.children!.forEach(visit);
  };
  statements.forEach(visit);
  return problems.length ? [...new Set(problems)].join('; ') : null;
}

// driftgraph query CYPHER [--param k=v] [--param-json k=JSON] [--format F]:
// an analyst's read-only query. Before any store sees it, Neo4j's parser
// checks its syntax (exit 2 with a caret) and what it does (reads only:
// exit 2 for writes, LOAD CSV and procedures off the read-only list).
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { cliConfig, cliStore, DEFAULT_DB, type GlobalOptions } from '../context.js';
import { columnsOf, render } from '../output.js';
import { parseFormat } from '../format-option.js';
import { queryParams } from '../query-params.js';
import { ReadOnlyQueryError, type LimitedRows, type Params } from '../../graph/store.js';
import { runEmbeddedAnalystQuery, runStoreAnalystQuery } from '../../graph/analyst-query.js';
import { analystLimits } from '../query-limits.js';
import type { Config } from '../../config/schema.js';
import { UsageError } from '../../util/errors.js';

export interface QueryOptions {
  param?: string[];
  paramJson?: string[];
  format?: string;
  file?: boolean;
  timeout?: string;
  maxRows?: string;
}

/**
 * Refuses a query that does not parse or does more than read, and gives the
 * text to run: the query's plain form (query-text.ts), the very text the
 * guard approved, never the text as typed.
 */
export async function checkQuery(cypher: string): Promise<string> {
  // Loaded here, not at start-up: the parser is large and only `query` needs it.
  const { syntaxError } = await import('../cypher-syntax.js');
  const { refusalOf } = await import('../read-only.js');
  const { plainQuery, AmbiguousQueryError } = await import('../query-text.js');
  const syntax = syntaxError(cypher);
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
  const again = syntaxError(plain) ?? refusalOf(plain) ?? (/\bLOAD\s+CSV\b/i.test(bare) ? 'LOAD CSV would read a file on the machine that runs the store' : null);
  if (again) throw new ReadOnlyQueryError(`the query is refused: its plain form (${plain}) fails the check: ${again}`);
  return plain;
}

/** A query the store itself rejects as malformed is bad usage too (Grafeo 42xxx, Neo4j Statement.* client errors). */
function isQueryError(e: unknown): boolean {
  const err = e as { gqlStatus?: string; code?: string } | null;
  return /^42/.test(err?.gqlStatus ?? '') || /^Neo\.ClientError\.Statement\.(Syntax|Semantic|Type|Argument|ParameterMissing)/.test(err?.code ?? '');
}

export async function queryCommand(g: GlobalOptions, cypherOrFile: string, o: QueryOptions): Promise<number> {
  const format = parseFormat(o.format);
  const { config } = await cliConfig(g);
  const limits = analystLimits(config, 'query', o);
  const cypher = o.file ? await readFile(cypherOrFile, 'utf8') : cypherOrFile;
  const params = queryParams(o.param, o.paramJson);
  const plain = await checkQuery(cypher);
  let result: LimitedRows;
  try {
    result = await runQuery(g, config, plain, params, limits);
  } catch (e) {
    if (isQueryError(e)) throw new UsageError(`the store refused the query: ${(e as Error).message}`);
    throw e;
  }
  const rows = result.rows;
  // An analyst's own columns are shown whole: a cut value could hide a relationship's end.
  process.stdout.write(render(format, columnsOf(rows), rows, rows, Infinity));
  if (format === 'table') process.stderr.write(`${rows.length} row(s)\n`);
  if (result.truncated) {
    const of = result.total !== undefined ? ` of ${result.total}` : '';
    process.stderr.write(`driftgraph: only the first ${rows.length}${of} rows are shown (${limits.maxRowsSetting}); add a LIMIT or raise it\n`);
  }
  return 0;
}

/**
 * The embedded store: in a child process it can stop (analyst-query.ts),
 * holding the file's shared read lock only. Neo4j: a read transaction with
 * the server's own timeout.
 */
async function runQuery(g: GlobalOptions, config: Config, cypher: string, params: Params, limits: ReturnType<typeof analystLimits>): Promise<LimitedRows> {
  const q = { cypher, params, limits, limitSetting: limits.timeoutSetting };
  if (g.neo4j ?? process.env.NEO4J_URI ?? config.neo4j?.uri) {
    const store = await cliStore(g, config, true);
    try {
      return await runStoreAnalystQuery(store, q);
    } finally {
      await store.close();
    }
  }
  const target = {
    path: g.db ?? config.db ?? DEFAULT_DB,
    ...(config.lockWaitSeconds !== undefined ? { lockWaitSeconds: config.lockWaitSeconds } : {}),
    onWait: (m: string) => process.stderr.write(m + '\n'),
  };
  return runEmbeddedAnalystQuery(target, q);
}

const collect = (v: string, acc: string[] = []) => [...acc, v];

export function registerQuery(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('query')
    .description('run a read-only Cypher query against the graph')
    .argument('<cypher>', 'the query (or a .cypher file with --file), e.g. "MATCH (p:Person) RETURN count(p) AS n"')
    .option('--param <k=v>', 'a string parameter (repeatable); typed as name:int=5, name:float=0.5, name:bool=true', collect)
    .option('--param-json <k=json>', "a parameter given as JSON (repeatable): --param-json ids='[1,2]'", collect)
    .option('--file', 'the argument is a .cypher file (e.g. queries/saved/people-by-department.cypher)')
    .option('--format <f>', 'table, json or csv', 'table')
    .option('--timeout <seconds>', 'stop the query after this long (default 300, or analystQueries.query.timeoutSeconds); exit 1')
    .option('--max-rows <n>', 'return at most this many rows (default 100000, or analystQueries.query.maxRows)')
    .addHelpText(
      'after',
      '\nOnly reads run: writes, LOAD CSV and procedures other than db.labels, db.relationshipTypes,\n' +
        'db.propertyKeys, db.schema.* and dbms.components exit 2. A syntax error exits 2 with a caret.\n' +
        'A query that runs past its time is stopped (exit 1); past the row limit the rest is not read.',
    )
    .action(async (cypher: string, o: QueryOptions) => run(() => queryCommand(program.opts(), cypher, o)));
}

// driftgraph query CYPHER [--param k=v] [--param-json k=JSON] [--format F]:
// an analyst's read-only query. Before any store sees it, Neo4j's parser
// checks its syntax (exit 2 with a caret) and what it does (reads only:
// exit 2 for writes, LOAD CSV and procedures off the read-only list).
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { cliConfig, cliStoreLocation, type GlobalOptions } from '../context.js';
import { startAnalystQueryProcess } from '../../graph/analyst-query.js';
import { analystRunner } from '../analyst-runner.js';
import { columnsOf, render } from '../../util/output.js';
import { parseFormat } from '../format-option.js';
import { queryParams } from '../../queries/query-params.js';
import { checkQuery } from '../../queries/check-query.js';
import { earlyVerdict } from '../../queries/check-process.js';
import type { LimitedRows } from '../../graph/store.js';
import { analystLimits } from '../../queries/query-limits.js';
import { UsageError } from '../../util/errors.js';

export interface QueryOptions {
  param?: string[];
  paramJson?: string[];
  format?: string;
  file?: boolean;
  timeout?: string;
  maxRows?: string;
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
  // The embedded store's query process loads while the query is checked.
  if (cliStoreLocation(g, config, true).kind !== 'neo4j') startAnalystQueryProcess();
  const plain = await checkQuery(cypher, await earlyVerdict(cypher));
  let result: LimitedRows;
  try {
    result = await analystRunner(g, config, limits)(plain, params);
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

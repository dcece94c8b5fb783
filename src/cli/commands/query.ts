// driftgraph query CYPHER [--param k=v] [--format F]: an analyst's read-only query.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { withReadStore, type GlobalOptions } from '../context.js';
import { columnsOf, render } from '../output.js';
import { parseFormat } from '../format-option.js';
import { writingClause } from '../read-only.js';
import { ReadOnlyQueryError } from '../../graph/store.js';
import { UsageError } from '../../util/errors.js';

export interface QueryOptions {
  param?: string[];
  format?: string;
  file?: boolean;
}

/** `k=v`: numbers, true/false/null and JSON lists/maps are typed; the rest are strings. */
export function parseParam(pair: string): [string, unknown] {
  const i = pair.indexOf('=');
  if (i <= 0) throw new UsageError(`--param ${pair}: expected name=value`);
  const key = pair.slice(0, i);
  const raw = pair.slice(i + 1);
  if (/^-?\d+(\.\d+)?$/.test(raw)) return [key, Number(raw)];
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  if (raw === 'null') return [key, null];
  if (/^[[{]/.test(raw)) {
    try {
      return [key, JSON.parse(raw)];
    } catch {
      /* not JSON: a string */
    }
  }
  return [key, raw];
}

export async function queryCommand(g: GlobalOptions, cypherOrFile: string, o: QueryOptions): Promise<number> {
  const format = parseFormat(o.format);
  const cypher = o.file ? await readFile(cypherOrFile, 'utf8') : cypherOrFile;
  const clause = writingClause(cypher);
  if (clause) throw new ReadOnlyQueryError(`${clause} would change the graph; only scans write to it`);
  const params = Object.fromEntries((o.param ?? []).map(parseParam));
  const rows = await withReadStore(g, (store) => store.read(cypher, params));
  process.stdout.write(render(format, columnsOf(rows), rows));
  if (format === 'table') process.stderr.write(`${rows.length} row(s)\n`);
  return 0;
}

export function registerQuery(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('query')
    .description('run a read-only Cypher query against the graph')
    .argument('<cypher>', 'the query (or a .cypher file with --file), e.g. "MATCH (p:Person) RETURN count(p) AS n"')
    .option('--param <k=v>', 'a query parameter (repeatable): --param email=ana@example.com', (v: string, acc: string[] = []) => [...acc, v])
    .option('--file', 'the argument is a .cypher file (e.g. queries/saved/people-by-department.cypher)')
    .option('--format <f>', 'table, json or csv', 'table')
    .action(async (cypher: string, o: QueryOptions) => run(() => queryCommand(program.opts(), cypher, o)));
}

// driftgraph report [--since DATE] [--out DIR]: the drift report as Markdown.
import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withReadStore, type GlobalOptions } from '../context.js';
import { readFindings } from '../../findings/finding-store.js';
import { driftReport } from '../../../reports/drift-report.js';
import { UsageError } from '../../util/errors.js';
import { tryInstant } from '../../util/time.js';
import type { GraphStore } from '../../graph/store.js';

export interface ReportOptions {
  since?: string;
  out?: string;
  email?: boolean;
}

/** The latest scan's now, which the report period ends at. */
async function lastScanNow(store: GraphStore): Promise<string> {
  const rows = await store.read('MATCH (s:Scan) RETURN max(s.now) AS now');
  return (rows[0]?.now as string | null) ?? new Date().toISOString();
}

export async function writeReport(store: GraphStore, o: ReportOptions): Promise<{ file: string; text: string }> {
  const now = await lastScanNow(store);
  const since = o.since ? tryInstant(o.since) : new Date(Date.parse(now) - 7 * 86_400_000).toISOString();
  if (!since) throw new UsageError(`--since ${o.since}: not a date`);
  const text = driftReport({ findings: await readFindings(store), since, now });
  const dir = o.out ?? join('.driftgraph', 'reports');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `drift-report-${now.slice(0, 10)}.md`);
  await writeFile(file, text);
  return { file, text };
}

export async function reportCommand(g: GlobalOptions, o: ReportOptions): Promise<number> {
  if (o.email) throw new UsageError('report --email is not built yet in this version: write the report with --out and send it yourself');
  const { file } = await withReadStore(g, (store) => writeReport(store, o));
  process.stdout.write(`drift report written to ${file}\n`);
  return 0;
}

export function registerReport(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('report')
    .description('write the drift report (Markdown): new, reopened, resolved and open findings')
    .option('--since <date>', 'start of the period (default: 7 days before the last scan)')
    .option('--out <dir>', 'where to write it (default .driftgraph/reports)')
    .option('--email', 'send it by email (not built yet)')
    .action(async (o: ReportOptions) => run(() => reportCommand(program.opts(), o)));
}

// driftgraph runs [--job J] [--limit N] [--format table|json|csv]: the
// scheduler's last runs, newest first, as recorded in the graph. Runs whose
// start is after now (a clock that was ahead) come last, with a note.
import type { Command } from 'commander';
import { withReadStore, type GlobalOptions } from '../context.js';
import { render } from '../../util/output.js';
import { parseFormat } from '../format-option.js';
import { UsageError } from '../../util/errors.js';
import { JOB_NAMES, futureRuns, listRuns, type JobName, type RunRecord } from '../../schedule/run-records.js';

export interface RunsOptions {
  job?: string;
  limit?: string;
  format?: string;
}

function seconds(r: RunRecord): number | null {
  if (!r.endedAt) return null;
  return Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 100) / 10;
}

/** The JSON a health check reads: the Run node, with its details parsed. */
export function runJson(r: RunRecord) {
  return {
    id: r.id,
    job: r.job,
    trigger: r.trigger,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    seconds: seconds(r),
    outcome: r.outcome,
    exitCode: r.exitCode,
    errors: r.errors,
    holder: r.holder,
    slot: r.slot,
    details: r.detailsJson ? JSON.parse(r.detailsJson) : null,
  };
}

export async function runsCommand(g: GlobalOptions, o: RunsOptions): Promise<number> {
  const format = parseFormat(o.format);
  if (o.job !== undefined && !(JOB_NAMES as readonly string[]).includes(o.job)) throw new UsageError(`--job ${o.job}: one of ${JOB_NAMES.join(', ')}`);
  const limit = o.limit === undefined ? 20 : Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${o.limit}: a whole number, 1 or more`);
  const now = new Date();
  const { runs, ahead } = await withReadStore(g, async (store) => ({
    runs: await listRuns(store, limit, o.job as JobName | undefined, now),
    ahead: await futureRuns(store, now, o.job as JobName | undefined),
  }));
  if (ahead.count) {
    process.stderr.write(
      `note: ${ahead.count} run(s) started after now by this machine's clock (latest ${ahead.latest}); ` +
        'the clock was ahead when they ran, or is behind now. They are listed after the others and do not count for catch-up.\n',
    );
  }
  const json = runs.map(runJson);
  const rows = json.map((r) => ({
    startedAt: r.startedAt,
    job: r.job,
    trigger: r.trigger,
    outcome: r.outcome,
    exitCode: r.exitCode,
    seconds: r.seconds,
    errors: r.errors.join('; '),
    id: r.id,
  }));
  const columns = ['startedAt', 'job', 'trigger', 'outcome', 'exitCode', 'seconds', 'errors', 'id'];
  process.stdout.write(render(format, columns, rows, json));
  return 0;
}

export function registerRuns(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('runs')
    .description("the scheduler's last runs (newest first): job, start, end, outcome, exit code, errors")
    .option('--job <job>', `only this job (${JOB_NAMES.join(', ')})`)
    .option('--limit <n>', 'how many (default 20)')
    .option('--format <f>', 'table, json or csv', 'table')
    .action(async (o: RunsOptions) => run(() => runsCommand(program.opts(), o)));
}

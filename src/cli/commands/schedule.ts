// driftgraph schedule [--once JOB] [--log-format json|pretty]
// The long-running scheduler (nightly scan, tickets after it, the weekly
// report), or one job now with --once, for cron and CI users.
import type { Command } from 'commander';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import { UsageError } from '../../util/errors.js';
import { schedulerLogger, type LogFormat } from '../../schedule/log.js';
import { schedulePlan } from '../../schedule/config.js';
import { checkJobConfig, scheduledSources } from '../../schedule/jobs.js';
import { JOB_NAMES, type JobName } from '../../schedule/run-records.js';
import { runJob, type RunnerDeps } from '../../schedule/run-job.js';
import { Scheduler } from '../../schedule/scheduler.js';
import { onStopSignals } from '../../schedule/signals.js';
import { registry, runReportJob } from '../registry.js';

export interface ScheduleOptions {
  once?: string;
  logFormat?: string;
}

function parseLogFormat(value: string | undefined): LogFormat {
  const f = (value ?? 'json').toLowerCase();
  if (f !== 'json' && f !== 'pretty') throw new UsageError(`--log-format ${value}: json or pretty`);
  return f;
}

function parseJob(value: string): JobName {
  if (!(JOB_NAMES as readonly string[]).includes(value)) throw new UsageError(`--once ${value}: one of ${JOB_NAMES.join(', ')}`);
  return value as JobName;
}

export async function scheduleCommand(g: GlobalOptions, o: ScheduleOptions): Promise<number> {
  const format = parseLogFormat(o.logFormat);
  const once = o.once === undefined ? undefined : parseJob(o.once);
  const { config, configDir } = await cliConfig(g);
  const plan = schedulePlan(config);
  if (once === 'scan' || (!once && plan.timed.some((t) => t.job === 'scan'))) await checkJobConfig(config, configDir, registry);
  else scheduledSources(config, registry);
  const log = schedulerLogger(format);
  const deps: RunnerDeps = {
    registry,
    runReport: runReportJob,
    config,
    configDir,
    plan,
    log,
    openStore: (onWait) => cliStore(g, config, false, onWait),
  };

  if (once) {
    const controller = new AbortController();
    const off = onStopSignals(log, (signal) => {
      log.warn({ signal, job: once }, `stopping: ${once} finishes its current step, then stops`);
      controller.abort(new Error(`stopped by ${signal}`));
    });
    try {
      return (await runJob(deps, once, 'once', controller.signal)).exitCode;
    } finally {
      off();
    }
  }

  const scheduler = new Scheduler(deps);
  let off = () => {};
  const stopped = new Promise<void>((resolve, reject) => {
    off = onStopSignals(log, (signal) => void scheduler.stop(signal).then(resolve, reject));
  });
  try {
    await scheduler.start();
    await stopped;
  } finally {
    off();
  }
  return 0;
}

export function registerSchedule(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('schedule')
    .description('the long-running scheduler: scans (tickets after each), the weekly report; one job at a time, every run recorded')
    .option('--once <job>', 'run one job now (scan, tickets or report) and exit with its exit code')
    .option('--log-format <format>', 'json (one object a line, the default) or pretty', 'json')
    .addHelpText(
      'after',
      '\nJobs and their times come from the `schedule` section of the config (README, "Scheduling").\n' +
        'SIGTERM or SIGINT: the running job finishes its current step, is recorded interrupted, exit 0;\n' +
        'a second signal stops at once. `driftgraph runs` lists what ran.\n' +
        'Exit codes with --once: the job\'s own (0 done, 1 something failed, 2 bad config or not built).',
    )
    .action(async (o: ScheduleOptions) => run(() => scheduleCommand(program.opts(), o)));
}

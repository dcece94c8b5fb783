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
import { webhookSigning } from '../../tickets/webhook-secret.js';
import { checkRevokeConfig } from '../../schedule/jobs.js';
import { revokeMayFollow, revokeNotRunWhy } from '../../schedule/scheduler.js';
import { revocationOf } from '../../revoke/config.js';
import { cliRules } from '../rules-option.js';
import { auditFile } from './revoke.js';

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
  const rules = () => cliRules(g);
  if (plan.revokeAfterScan || once === 'revoke') {
    if (once === 'revoke' && !config.schedule?.revoke && !revocationOf(config)) {
      throw new UsageError('--once revoke: there is no `revocation` section saying what may be revoked (see docs/revocation.md)');
    }
    checkRevokeConfig(config.schedule?.revoke ? config : { ...config, schedule: { ...config.schedule, revoke: {} } }, registry, (await rules()).map((r) => r.id));
  }
  // Refused (exit 2) when the config names a webhook secret variable that is unset.
  const signing = webhookSigning(config);
  const log = schedulerLogger(format);
  if (signing.warning) log.warn({ webhook: 'unsigned' }, signing.warning);
  const deps: RunnerDeps = {
    registry,
    runReport: runReportJob,
    config,
    configDir,
    plan,
    log,
    openStore: (onWait) => cliStore(g, config, false, onWait),
    rules,
    revocationAuditFile: auditFile(g, config, configDir),
  };

  if (once) {
    const controller = new AbortController();
    const off = onStopSignals(log, (signal) => {
      log.warn({ signal, job: once }, `stopping: ${once} finishes its current step, then stops`);
      controller.abort(new Error(`stopped by ${signal}`));
    });
    try {
      return await runOnce(deps, once, controller.signal);
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

/**
 * `--once JOB`: the job now, and for a scan what the long-running scheduler
 * runs after it (tickets, when a `tickets` section says where they go), so a
 * plain cron line does the same work. What is not run is said in the log.
 * Revocation follows the scan when schedule.revoke asks for it (before tickets).
 * Exit code: the highest of the jobs run.
 */
async function runOnce(deps: RunnerDeps, job: JobName, signal: AbortSignal): Promise<number> {
  const first = await runJob(deps, job, 'once', signal);
  if (job !== 'scan') return first.exitCode;
  let code = first.exitCode;
  if (deps.plan.revokeAfterScan) {
    if (revokeMayFollow(first)) code = Math.max(code, (await runJob(deps, 'revoke', 'after-scan', signal)).exitCode);
    else deps.log.warn({ job: 'revoke', notRun: `scan exit ${first.exitCode}` }, revokeNotRunWhy(first));
  }
  if (!deps.plan.ticketsAfterScan) {
    if (deps.config.tickets) deps.log.info({ job: 'tickets', notRun: 'schedule.tickets.enabled is false' }, 'tickets not run after the scan: schedule.tickets.enabled is false');
    return code;
  }
  if (first.outcome === 'interrupted' || !first.recorded) {
    deps.log.warn({ job: 'tickets', notRun: `the scan ${first.outcome === 'interrupted' ? 'was interrupted' : 'did not run'}` }, 'tickets not run: the scan did not complete');
    return code;
  }
  const tickets = await runJob(deps, 'tickets', 'after-scan', signal);
  return Math.max(code, tickets.exitCode);
}

export function registerSchedule(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('schedule')
    .description('the long-running scheduler: scans (tickets after each), the weekly report; one job at a time, every run recorded')
    .option('--once <job>', 'run one job now (scan, revoke, tickets, report or reviews) and exit with its exit code; a scan is followed by revoke (schedule.revoke) and tickets, as in the scheduler')
    .option('--log-format <format>', 'json (one object a line, the default) or pretty', 'json')
    .addHelpText(
      'after',
      '\nJobs and their times come from the `schedule` section of the config (README, "Scheduling").\n' +
        'SIGTERM or SIGINT: the running job finishes its current step, is recorded interrupted, exit 0;\n' +
        'a second signal stops at once. `driftgraph runs` lists what ran.\n' +
        'Exit codes with --once: the job\'s own (0 done, 1 something failed, 2 bad config or not built);\n' +
        'with --once scan, the highest of the scan\'s and what follows it (revoke, tickets).',
    )
    .action(async (o: ScheduleOptions) => run(() => scheduleCommand(program.opts(), o)));
}

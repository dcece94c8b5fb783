// The long-running scheduler. Cron fires only put a job in the queue; one
// loop takes jobs from it one at a time, so jobs never overlap inside one
// scheduler (and the store's lock or the Neo4j lease keeps other processes
// out). Revocation (when schedule.revoke asks) and then tickets follow each scan. At start, runs a crash left `running` are
// recorded failed, and a job that missed a scheduled time runs once. Each
// scheduled time runs once across every scheduler on the store (the slot,
// checked while holding the store: see run-job.ts).
import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from './log.js';
import { catchUpDecision } from './catch-up.js';
import { futureRuns, lastSuccess, slotOf, type JobName, type RunTrigger } from './run-records.js';
import { runJob, withExclusiveStore, StoppedWhileWaiting, type RunnerDeps, type RunSummary } from './run-job.js';

function cronLogger(log: Logger) {
  const child = log.child({ component: 'node-cron' });
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m: string) => child.debug(m),
    warn: (m: string) => child.warn(m),
    error: (m: string | Error) => child.error(text(m)),
    debug: (m: string | Error) => child.debug(text(m)),
  };
}

/**
 * Revocation follows a scan that ran to its end: exit 0, or exit 1 (a source
 * or container failed; the guards then hold back every finding of it). A scan
 * that did not record itself or stopped on bad config (exit 2) leaves nothing
 * a revocation could trust: fail closed.
 */
export function revokeMayFollow(scan: RunSummary): boolean {
  return scan.recorded && scan.outcome !== 'interrupted' && scan.outcome !== 'skipped' && (scan.exitCode === 0 || scan.exitCode === 1);
}

export function revokeNotRunWhy(scan: RunSummary): string {
  return `revoke not run: the scan before it ${scan.outcome === 'interrupted' ? 'was interrupted' : !scan.recorded ? 'did not run' : `ended with exit ${scan.exitCode}`}; nothing is acted on without a scan to trust`;
}

interface Queued {
  job: JobName;
  trigger: RunTrigger;
  /** The scheduled time it is for (see run-records.ts): none for tickets after a scan. */
  slot?: string;
}

export class Scheduler {
  private readonly queue: Queued[] = [];
  private readonly tasks: ScheduledTask[] = [];
  private running: { job: JobName; controller: AbortController } | null = null;
  private stopping = false;
  private draining: Promise<void> | null = null;
  private readonly startup = new AbortController();
  /** Every run, in order (for tests and the exit summary). */
  readonly runs: RunSummary[] = [];
  private readonly log: Logger;

  constructor(private readonly deps: RunnerDeps) {
    this.log = deps.log;
  }

  /** Catch up, then start the cron tasks. */
  async start(now: () => Date = () => new Date()): Promise<void> {
    const { plan } = this.deps;
    this.log.info(
      { jobs: plan.timed.map((t) => ({ job: t.job, cron: t.cron })), ticketsAfterScan: plan.ticketsAfterScan, timezone: plan.timezone ?? 'system' },
      'scheduler starting',
    );
    const due: Queued[] = [];
    try {
      await withExclusiveStore(this.deps, this.startup.signal, this.log, async (store) => {
        for (const t of plan.timed) {
          const at = now();
          const ahead = await futureRuns(store, at, t.job);
          if (ahead.count) {
            this.log.warn(
              { job: t.job, futureRuns: ahead.count, latestFutureRun: ahead.latest, clock: at.toISOString() },
              `${t.job}: ${ahead.count} recorded run(s) started after now by this machine's clock (latest ${ahead.latest}): ` +
                'the clock was ahead when they ran, or is behind now; they are not counted as successes for catch-up',
            );
          }
          const last = await lastSuccess(store, t.job, at);
          const decision = catchUpDecision(t.cron, plan.timezone, last.startedAt, last.anyRun, at);
          if (decision.due) {
            this.log.info({ job: t.job, lastSuccess: last.startedAt, missed: decision.missed.toISOString() }, `${t.job}: missed a scheduled time, catching up once`);
            due.push({ job: t.job, trigger: 'catch-up', slot: slotOf(decision.missed) });
          } else {
            this.log.info({ job: t.job, lastSuccess: last.startedAt }, `${t.job}: nothing to catch up (${decision.reason})`);
          }
        }
      });
    } catch (e) {
      if (e instanceof StoppedWhileWaiting) return;
      throw e;
    }
    if (this.stopping) return;
    for (const q of due) this.enqueue(q.job, q.trigger, false, q.slot);
    for (const t of plan.timed) {
      const task = createTask(t.cron, (ctx) => this.enqueue(t.job, 'scheduled', false, slotOf(ctx.date)), {
        name: `driftgraph-${t.job}`,
        ...(plan.timezone ? { timezone: plan.timezone } : {}),
        // node-cron's own messages go into our log, so stdout stays JSON lines.
        logger: cronLogger(this.log),
      });
      // A time passed while the process was busy (a long synchronous step):
      // the job is still due, once.
      task.on('execution:missed', (ctx) => {
        this.log.warn({ job: t.job, missed: ctx.date.toISOString() }, `${t.job}: a scheduled time passed while the process was busy; queued now`);
        this.enqueue(t.job, 'scheduled', false, slotOf(ctx.date));
      });
      await task.start();
      this.tasks.push(task);
      this.log.info({ job: t.job, cron: t.cron, nextRun: task.getNextRun()?.toISOString() ?? null }, `${t.job} scheduled`);
    }
  }

  /** Put a job in line. A job already waiting, or already running, is not doubled. */
  enqueue(job: JobName, trigger: RunTrigger, first = false, slot?: string): void {
    if (this.stopping) return;
    if (this.queue.some((q) => q.job === job)) {
      this.log.info({ job, trigger }, `${job} is already waiting to run: not queued twice`);
      return;
    }
    if (this.running?.job === job && trigger === 'scheduled') {
      this.log.warn({ job, trigger }, `${job} is still running from its previous time: this time is skipped`);
      return;
    }
    if (this.running) this.log.info({ job, trigger, waitingFor: this.running.job }, `${job} waits: ${this.running.job} is running`);
    const q: Queued = { job, trigger, ...(slot ? { slot } : {}) };
    if (first) this.queue.unshift(q);
    else this.queue.push(q);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.stopping; next = this.queue.shift()) {
      const controller = new AbortController();
      this.running = { job: next.job, controller };
      let summary: RunSummary;
      try {
        summary = await runJob(this.deps, next.job, next.trigger, controller.signal, next.slot);
      } finally {
        this.running = null;
      }
      this.runs.push(summary);
      // A scan another scheduler ran (skipped here) had its revocation and tickets run there.
      if (next.job === 'scan' && summary.outcome !== 'interrupted' && summary.outcome !== 'skipped') {
        // Tickets first into the front of the line, then revocation before them: tonight's revocations reach tonight's tickets.
        if (this.deps.plan.ticketsAfterScan) this.enqueue('tickets', 'after-scan', true);
        if (this.deps.plan.revokeAfterScan) {
          if (revokeMayFollow(summary)) this.enqueue('revoke', 'after-scan', true);
          else this.log.warn({ job: 'revoke', notRun: `scan exit ${summary.exitCode}` }, revokeNotRunWhy(summary));
        }
      }
    }
  }

  /** Whatever is running or queued; resolves when it is done. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  /**
   * The first stop signal: no new job starts, the queue is dropped, the
   * running job finishes its current step and is recorded interrupted.
   */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const task of this.tasks) await task.destroy();
    const dropped = this.queue.splice(0).map((q) => q.job);
    this.startup.abort();
    if (this.running) {
      this.log.warn({ signal: reason, job: this.running.job, dropped }, `stopping: ${this.running.job} finishes its current step, then stops`);
      this.running.controller.abort(new Error(`stopped by ${reason}`));
    } else {
      this.log.info({ signal: reason, dropped }, 'stopping: no job running');
    }
    await this.idle();
    this.log.info('scheduler stopped');
  }
}

// One job run, start to end: take the store for ourselves (the embedded file
// lock; for Neo4j also the lease, so schedulers on two machines take turns),
// record runs a crash left `running` as failed, record this run, call the
// job, record how it ended, say it in the log. A failure is a failed run
// logged at error level, never a crash of the scheduler.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { Registry } from '../sources/connector.js';
import { UsageError, errorMessage } from '../util/errors.js';
import type { Logger } from './log.js';
import { JOBS, type JobResult, type ReportRunner } from './jobs.js';
import { finishRun, recordCrashedRuns, runForSlot, startRun, type JobName, type RunOutcome, type RunTrigger } from './run-records.js';
import { holdLease } from './lease.js';
import { hasFailureWebhook, postFailure, type JobFailure } from './alert.js';
import type { HttpOptions } from '../tickets/http.js';
import type { SchedulePlan } from './config.js';
import { loadRules, type RuleFile } from '../rules/rule-file.js';

export interface RunnerDeps {
  /** The sources driftgraph knows (the command line's registry). */
  registry: Registry;
  /** The drift report's job (the command line's composition root hands it in). */
  runReport: ReportRunner;
  config: Config;
  configDir: string;
  plan: SchedulePlan;
  log: Logger;
  /** Open the store for writing; `onWait` is told when another process holds it. */
  openStore(onWait: (message: string) => void): Promise<GraphStore>;
  /** The rules as the command line loads them (built-in and the team's). */
  rules?: () => Promise<RuleFile[]>;
  /** The revocation audit trail's file (needed by the revoke job only). */
  revocationAuditFile?: string;
  /** Who we are in Run records and the lease: `host:pid`. */
  holder?: string;
  /** Where the webhook secret is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Retries for the failure webhook (tests make them quick). */
  webhookHttp?: HttpOptions;
}

export interface RunSummary {
  runId: string;
  job: JobName;
  /** `skipped`: another scheduler already ran this scheduled time (nothing recorded). */
  outcome: Exclude<RunOutcome, 'running'> | 'skipped';
  /** For `--once`: the job's exit code; 0 when interrupted by a stop signal. */
  exitCode: number;
  /** False when the run could not even be recorded (the store did not open). */
  recorded: boolean;
}

export const defaultHolder = () => `${hostname()}:${process.pid}`;

/** Resolves when `signal` aborts; never rejects. */
function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((res) => {
    if (signal.aborted) res('aborted');
    else signal.addEventListener('abort', () => res('aborted'), { once: true });
  });
}

export class StoppedWhileWaiting extends Error {
  constructor() {
    super('stopped while waiting for the store');
    this.name = 'StoppedWhileWaiting';
  }
}

/**
 * Run `work` with the store held exclusively. Waiting for another process is
 * logged; a stop signal while waiting gives up the wait.
 */
export async function withExclusiveStore<T>(
  deps: RunnerDeps,
  signal: AbortSignal,
  log: Logger,
  work: (store: GraphStore) => Promise<T>,
): Promise<T> {
  const opening = deps.openStore((message) => log.info({ waitingFor: 'store' }, message));
  const first = await Promise.race([opening, aborted(signal)]);
  if (first === 'aborted') {
    void opening.then((s) => s.close()).catch(() => undefined);
    throw new StoppedWhileWaiting();
  }
  const store = first;
  let lease: { release(): Promise<void> } | null = null;
  try {
    if (store.kind === 'neo4j') {
      lease = await holdLease(store, {
        holder: deps.holder ?? defaultHolder(),
        ttlSeconds: deps.plan.leaseSeconds,
        waitSeconds: deps.plan.lockWaitSeconds,
        signal,
        onWait: (c) =>
          log.info({ waitingFor: 'lease', leaseHolder: c.holder, leaseExpiresAt: c.expiresAt }, `waiting: another scheduler (${c.holder}) is running a job`),
        onLost: (why) => log.error({ lease: 'lost' }, why),
      });
    }
    const crashed = await recordCrashedRuns(store, new Date().toISOString());
    for (const r of crashed) {
      log.warn({ crashedRun: r.id, crashedJob: r.job, startedAt: r.startedAt }, `run ${r.id} (${r.job}) was left running by a process that ended: recorded as failed`);
    }
    return await work(store);
  } finally {
    if (lease) await lease.release().catch((e) => log.error({ lease: 'release' }, `releasing the job lease failed: ${errorMessage(e)}`));
    await store.close();
  }
}

/** Post a failure to the tickets webhook, if there is one; a post that fails is logged, never thrown. */
async function alert(deps: RunnerDeps, log: Logger, failure: JobFailure): Promise<void> {
  if (!hasFailureWebhook(deps.config)) return;
  try {
    await postFailure(deps.config, failure, deps.env ?? process.env, deps.webhookHttp);
    log.info({ alert: 'webhook' }, `${failure.job} failure posted to the tickets webhook`);
  } catch (e) {
    log.error({ alert: 'webhook' }, `posting the ${failure.job} failure to the tickets webhook failed: ${errorMessage(e)}`);
  }
}

/**
 * Run `job` once. `slot` is the scheduled time it is for (scheduled and
 * catch-up runs): when a run for that time is already recorded, by this or
 * another scheduler on the same store, it is not run again.
 */
export async function runJob(deps: RunnerDeps, job: JobName, trigger: RunTrigger, signal: AbortSignal, slot?: string): Promise<RunSummary> {
  const runId = randomUUID();
  const log = deps.log.child({ job, runId, trigger, ...(slot ? { slot } : {}) });
  const started = Date.now();
  try {
    return await withExclusiveStore(deps, signal, log, async (store) => {
      if (slot) {
        // Checked while holding the store: no other scheduler can record this time between the check and our start.
        const done = await runForSlot(store, job, slot);
        if (done) {
          log.info(
            { outcome: 'skipped', ranBy: done.holder, ranAs: done.id, ranOutcome: done.outcome },
            `${job} for ${slot} already ran (${done.outcome}, by ${done.holder}): not run again`,
          );
          return { runId, job, outcome: 'skipped', exitCode: 0, recorded: false };
        }
      }
      const startedAt = new Date().toISOString();
      await startRun(store, { id: runId, job, trigger, startedAt, holder: deps.holder ?? defaultHolder(), slot: slot ?? null });
      log.info(`${job} started`);
      let result: JobResult;
      let outcome: Exclude<RunOutcome, 'running'>;
      try {
        result = await JOBS[job]({
          registry: deps.registry,
          runReport: deps.runReport,
          store,
          config: deps.config,
          configDir: deps.configDir,
          signal,
          log,
          progress: { step: (message) => log.info(message) },
          rules: deps.rules ?? (() => loadRules()),
          revocationAuditFile: deps.revocationAuditFile,
        });
        outcome = result.exitCode === 0 ? 'succeeded' : 'failed';
      } catch (e) {
        if (signal.aborted) {
          result = { exitCode: 0, errors: ['stopped by a signal between steps: the step that was running finished, the next did not start'] };
          outcome = 'interrupted';
        } else {
          result = { exitCode: e instanceof UsageError ? 2 : 1, errors: [errorMessage(e)] };
          outcome = 'failed';
        }
      }
      const endedAt = new Date().toISOString();
      await finishRun(store, {
        id: runId,
        endedAt,
        outcome,
        exitCode: outcome === 'interrupted' ? null : result.exitCode,
        errors: result.errors,
        details: result.details,
      });
      const fields = { outcome, exitCode: result.exitCode, durationMs: Date.now() - started, errors: result.errors, ...result.details, ...result.logOnly };
      if (outcome === 'failed') {
        log.error(fields, `${job} failed`);
        await alert(deps, log, { job, runId, trigger, exitCode: result.exitCode, errors: result.errors, startedAt, endedAt });
      }
      else if (outcome === 'interrupted') log.warn(fields, `${job} interrupted`);
      else log.info(fields, `${job} succeeded`);
      return { runId, job, outcome, exitCode: result.exitCode, recorded: true };
    });
  } catch (e) {
    if (e instanceof StoppedWhileWaiting || signal.aborted) {
      log.warn({ outcome: 'interrupted', durationMs: Date.now() - started }, `${job} stopped before it started (no run recorded)`);
      return { runId, job, outcome: 'interrupted', exitCode: 0, recorded: false };
    }
    const exitCode = e instanceof UsageError ? 2 : 1;
    const errors = [errorMessage(e)];
    log.error({ outcome: 'failed', exitCode, durationMs: Date.now() - started, errors }, `${job} failed before it could be recorded`);
    const at = new Date(started).toISOString();
    await alert(deps, log, { job, runId, trigger, exitCode, errors, startedAt: at, endedAt: new Date().toISOString() });
    return { runId, job, outcome: 'failed', exitCode, recorded: false };
  }
}

// Every job run is a `Run` node, so `driftgraph runs` and a health check can
// read what ran, when, and how it ended, and nothing is lost or doubled
// across restarts. A run is written `running` when it starts and gets its
// end, outcome and exit code when it ends; a process that died in between
// leaves it `running`, and the next process to hold the store records it
// failed.
//
// A scheduled run also records the scheduled time it is for (`slot`): two
// schedulers on one store (two hosts on one Neo4j database, or two processes
// on one embedded file) both fire at 02:00; whichever takes the store second
// finds that 02:00 already ran and does not run it again.
//
// Run times come from the clock of the machine that ran them. A time in the
// future (the clock ran ahead, then was put right) is not trusted: it does not
// count as a success for catch-up, and `runs` lists it last, saying so.
import type { GraphStore } from '../graph/store.js';

export type JobName = 'scan' | 'revoke' | 'tickets' | 'report' | 'reviews';
export const JOB_NAMES: readonly JobName[] = ['scan', 'revoke', 'tickets', 'report', 'reviews'];

export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'interrupted';
/** Why it ran: its cron time, a catch-up at start, after a scan, or `--once`. */
export type RunTrigger = 'scheduled' | 'catch-up' | 'after-scan' | 'once';

export interface RunRecord {
  id: string;
  job: JobName;
  trigger: RunTrigger;
  startedAt: string;
  endedAt: string | null;
  outcome: RunOutcome;
  exitCode: number | null;
  errors: string[];
  /** `host:pid` of the process that ran it. */
  holder: string;
  /** What the job reported (scan: scan id, sources, finding transitions), as JSON text. */
  detailsJson: string | null;
  /** The scheduled time this run is for (scheduled and catch-up runs), ISO to the second. */
  slot: string | null;
}

/** A clock this far ahead of ours is another machine's skew, not a time in the future. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The latest start time this machine's clock accepts as past. */
export function trustedUntil(now: Date): string {
  return new Date(now.getTime() + CLOCK_SKEW_MS).toISOString();
}

/** A scheduled time as a slot: to the second, in UTC. */
export function slotOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

export const CRASHED =
  'the process ended before the run did (crash, kill -9, power loss or a second stop signal); recorded at the next start';

export async function startRun(
  store: GraphStore,
  run: Pick<RunRecord, 'id' | 'job' | 'trigger' | 'startedAt' | 'holder'> & { slot?: string | null },
): Promise<void> {
  await store.write(
    `CREATE (r:Run {id: $id, job: $job, trigger: $trigger, startedAt: $startedAt, holder: $holder, slot: $slot,
                    outcome: 'running', endedAt: null, exitCode: null, errors: [], detailsJson: null})`,
    { ...run, slot: run.slot ?? null },
  );
}

/** The run already recorded for this job's scheduled time, by any scheduler, if there is one. */
export async function runForSlot(store: GraphStore, job: JobName, slot: string): Promise<RunRecord | null> {
  const rows = await store.read(`MATCH (r:Run {job: $job, slot: $slot}) RETURN r ORDER BY r.startedAt LIMIT 1`, { job, slot });
  return rows.length ? fromNode(rows[0]!.r as Record<string, unknown>) : null;
}

/** Runs that started after `now` by their own record (the clock was ahead when they ran): how many, and the latest. */
export async function futureRuns(store: GraphStore, now: Date, job?: JobName): Promise<{ count: number; latest: string | null }> {
  const rows = await store.read(
    `MATCH (r:Run) WHERE r.startedAt > $until AND ($job IS NULL OR r.job = $job)
     RETURN count(r) AS n, max(r.startedAt) AS latest`,
    { until: trustedUntil(now), job: job ?? null },
  );
  return { count: Number(rows[0]?.n ?? 0), latest: (rows[0]?.latest as string | null) ?? null };
}

export async function finishRun(
  store: GraphStore,
  end: { id: string; endedAt: string; outcome: Exclude<RunOutcome, 'running'>; exitCode: number | null; errors: string[]; details?: unknown },
): Promise<void> {
  await store.write(
    `MATCH (r:Run {id: $id})
     SET r.endedAt = $endedAt, r.outcome = $outcome, r.exitCode = $exitCode, r.errors = $errors, r.detailsJson = $details`,
    { ...end, details: end.details === undefined ? null : JSON.stringify(end.details) },
  );
}

/**
 * Runs left `running` by a process that died: failed, exit code 1. Call only
 * while holding the store exclusively (the embedded file lock, or the Neo4j
 * lease), when no other run can be in progress. Returns their ids.
 */
export async function recordCrashedRuns(store: GraphStore, now: string): Promise<RunRecord[]> {
  const rows = await store.read(`MATCH (r:Run) WHERE r.outcome = 'running' RETURN r ORDER BY r.startedAt`);
  const crashed = rows.map((row) => fromNode(row.r as Record<string, unknown>));
  if (crashed.length) {
    await store.write(
      `UNWIND $ids AS id
       MATCH (r:Run {id: id})
       SET r.outcome = 'failed', r.exitCode = 1, r.endedAt = $now, r.errors = [$why]`,
      { ids: crashed.map((r) => r.id), now, why: CRASHED },
    );
  }
  return crashed;
}

/**
 * The latest run of `job` that succeeded, and whether it has run at all. A
 * success in the future (by `now`) is not counted: the job has run, but when
 * it last succeeded is unknown, so it catches up.
 */
export async function lastSuccess(store: GraphStore, job: JobName, now: Date = new Date()): Promise<{ startedAt: string | null; anyRun: boolean }> {
  const rows = await store.read(
    `MATCH (r:Run {job: $job})
     RETURN count(r) AS runs,
            max(CASE WHEN r.outcome = 'succeeded' AND r.startedAt <= $until THEN r.startedAt ELSE null END) AS lastSuccess`,
    { job, until: trustedUntil(now) },
  );
  const row = rows[0] ?? {};
  return { startedAt: (row.lastSuccess as string | null) ?? null, anyRun: Number(row.runs ?? 0) > 0 };
}

/** The latest runs, newest first; runs that started in the future (by `now`) come after the others. */
export async function listRuns(store: GraphStore, limit: number, job?: JobName, now: Date = new Date()): Promise<RunRecord[]> {
  const rows = await store.read(
    `MATCH (r:Run) WHERE $job IS NULL OR r.job = $job
     RETURN r, CASE WHEN r.startedAt > $until THEN 1 ELSE 0 END AS future
     ORDER BY future, r.startedAt DESC, r.id DESC LIMIT $limit`,
    { job: job ?? null, limit, until: trustedUntil(now) },
  );
  return rows.map((row) => fromNode(row.r as Record<string, unknown>));
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function fromNode(p: Record<string, unknown>): RunRecord {
  return {
    id: String(p.id),
    job: String(p.job) as JobName,
    trigger: String(p.trigger) as RunTrigger,
    startedAt: String(p.startedAt),
    endedAt: str(p.endedAt),
    outcome: String(p.outcome) as RunOutcome,
    exitCode: typeof p.exitCode === 'number' ? p.exitCode : null,
    errors: Array.isArray(p.errors) ? p.errors.map(String) : [],
    holder: String(p.holder ?? ''),
    detailsJson: str(p.detailsJson),
    slot: str(p.slot),
  };
}

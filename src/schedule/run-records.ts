// Every job run is a `Run` node, so `driftgraph runs` and a health check can
// read what ran, when, and how it ended, and nothing is lost or doubled
// across restarts. A run is written `running` when it starts and gets its
// end, outcome and exit code when it ends; a process that died in between
// leaves it `running`, and the next process to hold the store records it
// failed.
import type { GraphStore } from '../graph/store.js';

export type JobName = 'scan' | 'tickets' | 'report';
export const JOB_NAMES: readonly JobName[] = ['scan', 'tickets', 'report'];

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
}

export const CRASHED =
  'the process ended before the run did (crash, kill -9, power loss or a second stop signal); recorded at the next start';

export async function startRun(store: GraphStore, run: Pick<RunRecord, 'id' | 'job' | 'trigger' | 'startedAt' | 'holder'>): Promise<void> {
  await store.write(
    `CREATE (r:Run {id: $id, job: $job, trigger: $trigger, startedAt: $startedAt, holder: $holder,
                    outcome: 'running', endedAt: null, exitCode: null, errors: [], detailsJson: null})`,
    run,
  );
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

/** The latest run of `job` that succeeded, and whether it has run at all. */
export async function lastSuccess(store: GraphStore, job: JobName): Promise<{ startedAt: string | null; anyRun: boolean }> {
  const rows = await store.read(
    `MATCH (r:Run {job: $job})
     RETURN count(r) AS runs,
            max(CASE WHEN r.outcome = 'succeeded' THEN r.startedAt ELSE null END) AS lastSuccess`,
    { job },
  );
  const row = rows[0] ?? {};
  return { startedAt: (row.lastSuccess as string | null) ?? null, anyRun: Number(row.runs ?? 0) > 0 };
}

/** The latest runs, newest first. */
export async function listRuns(store: GraphStore, limit: number, job?: JobName): Promise<RunRecord[]> {
  const rows = await store.read(
    `MATCH (r:Run) WHERE $job IS NULL OR r.job = $job
     RETURN r ORDER BY r.startedAt DESC, r.id DESC LIMIT $limit`,
    { job: job ?? null, limit },
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
  };
}

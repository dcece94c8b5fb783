// Catch-up at start: a job runs once when one of its scheduled times passed
// since its last successful run (the machine was off at 02:00, the scheduler
// was stopped over the weekend). That is "older than one period", measured
// against the job's own calendar, so "0 2 * * 1-5" on a Monday morning does
// not catch up the weekend it was never meant to run on.
import { createTask, parse } from 'node-cron';

/** Beyond this, the walk stops and the job catches up (a yearly job idle for two months is the price). */
const MAX_WALK_DAYS = 62;

/**
 * The latest scheduled time in (since, now], or null when none passed.
 * node-cron computes only forward from the present, so this walks back from
 * `now` over the seconds the expression can fire at, asking the library's own
 * matcher (which knows the time zone and DST).
 */
export function missedFire(cron: string, timezone: string | undefined, since: Date, now: Date): Date | null {
  const task = createTask(cron, () => undefined, timezone ? { timezone } : {});
  // The seconds it can fire at (0 for a five-field expression), latest first.
  const seconds = [...parse(cron).second].sort((a, b) => b - a);
  try {
    const limit = Math.max(since.getTime(), now.getTime() - MAX_WALK_DAYS * 86_400_000);
    for (let minute = Math.floor(now.getTime() / 60_000) * 60_000; minute + 59_000 > limit; minute -= 60_000) {
      for (const s of seconds) {
        const t = minute + s * 1000;
        if (t > now.getTime() || t <= since.getTime()) continue;
        if (task.match(new Date(t))) return new Date(t);
      }
    }
    return limit > since.getTime() ? new Date(limit) : null;
  } finally {
    void task.destroy();
  }
}

export type CatchUp = { due: true; missed: Date } | { due: false; reason: string };

/**
 * Whether `job` catches up at start. No run at all: a fresh install, nothing
 * was missed. Runs but never a success: catch up (it has been due and never
 * done). Otherwise: a scheduled time passed since the last success started.
 */
export function catchUpDecision(
  cron: string,
  timezone: string | undefined,
  lastSuccessStart: string | null,
  anyRun: boolean,
  now: Date,
): CatchUp {
  if (!lastSuccessStart) {
    if (!anyRun) return { due: false, reason: 'no run yet' };
    return { due: true, missed: now };
  }
  const missed = missedFire(cron, timezone, new Date(lastSuccessStart), now);
  if (!missed) return { due: false, reason: `last success ${lastSuccessStart} is after the latest scheduled time` };
  return { due: true, missed };
}

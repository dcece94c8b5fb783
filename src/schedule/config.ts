// The schedule section of driftgraph.yaml with its defaults filled in: which
// jobs run on which cron expression, in which time zone. Revocation and
// tickets have no expression of their own: they follow each scan, revocation
// first (when `schedule.revoke` asks for it and a `revocation` section says
// what may be revoked), then tickets (when a `tickets` section configures
// where they go), so tonight's revocations are on tonight's tickets.
import type { Config } from '../config/schema.js';
import type { JobName } from './run-records.js';

export const DEFAULT_SCAN_CRON = '0 2 * * *';
export const DEFAULT_REPORT_CRON = '0 7 * * 1';
export const DEFAULT_LEASE_SECONDS = 120;
export const DEFAULT_SNAPSHOTS_DIR = '.driftgraph/snapshots';
export const DEFAULT_KEEP_DAYS = 14;
export const DEFAULT_LOCK_WAIT_SECONDS = 600;
/** The access review job's daily time. */
export const DEFAULT_REVIEWS_CRON = '0 6 * * *';

export interface TimedJob {
  job: Exclude<JobName, 'tickets' | 'revoke'>;
  cron: string;
}

export interface SchedulePlan {
  timezone: string | undefined;
  /** Jobs with a cron expression. */
  timed: TimedJob[];
  ticketsAfterScan: boolean;
  /** Revocation after each scan: schedule.revoke present and not disabled. */
  revokeAfterScan: boolean;
  /** Send the plan (schedule.revoke.apply); otherwise plan and record only. */
  revokeApply: boolean;
  leaseSeconds: number;
  lockWaitSeconds: number;
}

export function schedulePlan(config: Config): SchedulePlan {
  const s = config.schedule ?? {};
  const timed: TimedJob[] = [];
  if (s.scan?.enabled !== false) timed.push({ job: 'scan', cron: s.scan?.cron ?? DEFAULT_SCAN_CRON });
  if (s.report?.enabled !== false) timed.push({ job: 'report', cron: s.report?.cron ?? DEFAULT_REPORT_CRON });
  // Access reviews: scheduled campaigns, reminders and escalations, daily, once a `reviews` section asks for any.
  const reviews = config.reviews as { campaigns?: unknown[]; webUrl?: string } | undefined;
  if (reviews?.campaigns?.length || reviews?.webUrl) timed.push({ job: 'reviews', cron: DEFAULT_REVIEWS_CRON });
  return {
    timezone: s.timezone,
    timed,
    // Tickets need sinks: without a `tickets` section there is nothing to run.
    ticketsAfterScan: s.scan?.enabled !== false && s.tickets?.enabled !== false && config.tickets !== undefined,
    // Nothing acts unless the config says so: no schedule.revoke, no revocation run.
    revokeAfterScan: s.scan?.enabled !== false && s.revoke !== undefined && s.revoke.enabled !== false,
    revokeApply: s.revoke?.apply === true,
    leaseSeconds: s.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
    lockWaitSeconds: config.lockWaitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS,
  };
}

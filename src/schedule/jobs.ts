// The one adapter between the scheduler and the work it schedules: each job
// is a function call (never the command line), with the store the scheduler
// opened, the config, a stop signal checked between steps, and a log.
// When the scan, tickets or report code moves, this is the file to rewire.
//
// - scan: the scan command's own job (src/scan/scan-job.ts), offline from
//   `schedule.scan.from` or live (collect `schedule.scan.sources`, the rest
//   from `exportsDir`), then old snapshots pruned.
// - revoke: the revocation run `revoke --apply` does (src/revoke/run.ts),
//   plan only unless `schedule.revoke.apply`; its audit trail is the same file.
// - tickets: the tickets command's own job (src/tickets/sync.ts).
// - report: the `report` command's own function (reports/, handed in as
//   `runReport`): the drift report's files, mailed when configured.
import { resolve } from 'node:path';
import type { Config, ReportConfig } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { ContainerFailure, Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { runScanJob } from '../scan/scan-job.js';
import { configFileOf } from '../config/config-file.js';
import { didYouMean } from '../util/did-you-mean.js';
import { runTicketsJob } from '../tickets/sync.js';
import { buildLiveSnapshot } from '../scan/live-snapshot.js';
import { snapshotExists } from '../scan/snapshot.js';
import { UsageError } from '../util/errors.js';
import type { JobName } from './run-records.js';
import type { Logger } from './log.js';
import { pruneSnapshots } from './snapshots.js';
import { DEFAULT_KEEP_DAYS, DEFAULT_SNAPSHOTS_DIR } from './config.js';
import type { RuleFile } from '../rules/rule-file.js';
import { revocationOf } from '../revoke/config.js';
import { checkPolicyNames } from '../revoke/policy.js';
import { AuditTrail } from '../revoke/audit.js';
import { runRevocation } from '../revoke/run.js';
import { reviewsJob } from './reviews-job.js';

export interface JobContext {
  /** The sources driftgraph knows, handed in by the command line. */
  registry: Registry;
  /** The drift report's job (reports/), handed in by the command line. */
  runReport: ReportRunner;
  /** Held by the scheduler for the whole run: a job must not close it. */
  store: GraphStore;
  config: Config;
  /** Relative paths in the config are relative to the config file's folder. */
  configDir: string;
  signal: AbortSignal;
  log: Logger;
  progress: Progress;
  /** The rules (built-in and the team's), as the command line loads them. */
  rules: () => Promise<RuleFile[]>;
  /** The revocation audit trail's file (the same one `revoke` writes); the revoke job needs it. */
  revocationAuditFile: string | undefined;
}

export interface JobResult {
  /** 0 done; 1 something failed (a source, a rule); 2 bad config, or not built. */
  exitCode: number;
  errors: string[];
  /** Kept on the Run and logged: what a person or a health check wants to know. */
  details?: Record<string, unknown>;
  /** Logged, not kept on the Run (too long for it): the scan's finding transitions. */
  logOnly?: Record<string, unknown>;
}

export type Job = (ctx: JobContext) => Promise<JobResult>;

/** What the report job needs of reports/ (the same function `driftgraph report` runs). */
export type ReportRunner = (
  store: GraphStore,
  o: { config?: ReportConfig; email?: boolean; out?: string; staleAfterHours?: number; refuseStaleEmail?: boolean },
) => Promise<{ exitCode: number; files: unknown; sent: unknown[]; refused?: string | null }>;

/** The sources named in the config, checked against the registry. */
export function scheduledSources(config: Config, registry: Registry): string[] | undefined {
  const names = config.schedule?.scan?.sources;
  if (!names) return undefined;
  const known = registry.map((c) => c.source);
  const bad = names.filter((n) => !known.includes(n));
  if (bad.length || !names.length) {
    const hint = bad.length === 1 ? didYouMean(bad[0]!, known) : '';
    throw new UsageError(`config ${configFileOf(config)}: schedule.scan.sources: unknown source ${bad.join(', ') || '(none)'}${hint}; known: ${known.join(', ')}`);
  }
  return names;
}

/** schedule.revoke needs a policy, and the policy's names must exist (exit 2 at start, not a failed run at 02:00). */
export function checkRevokeConfig(config: Config, registry: Registry, ruleIds: string[]): void {
  const s = config.schedule?.revoke;
  if (!s || s.enabled === false) return;
  if (!revocationOf(config)) {
    throw new UsageError(`config ${configFileOf(config)}: schedule.revoke: there is no \`revocation\` section saying what may be revoked (see docs/revocation.md)`);
  }
  checkPolicyNames(revocationOf(config), ruleIds, registry, configFileOf(config));
}

/** Check what a job needs from the config before the scheduler starts. */
export async function checkJobConfig(config: Config, configDir: string, registry: Registry): Promise<void> {
  scheduledSources(config, registry);
  if (config.schedule?.tickets?.enabled === true && !config.tickets) {
    throw new UsageError(`config ${configFileOf(config)}: schedule.tickets.enabled: there is no \`tickets\` section saying where tickets go (see README, "Tickets")`);
  }
  const scan = config.schedule?.scan;
  if (scan?.enabled === false) return;
  if (scan?.from) {
    const dir = resolve(configDir, scan.from);
    if (!(await snapshotExists(dir))) throw new UsageError(`config ${configFileOf(config)}: schedule.scan.from: ${dir}: no such directory`);
  } else if (!scan?.sources?.length) {
    throw new UsageError(`config ${configFileOf(config)}: schedule.scan: give \`from\` (a snapshot folder) or \`sources\` (to collect live)`);
  }
}

/** The night's snapshot, built as `driftgraph scan --sources` builds it, in the config's snapshots folder. */
async function liveSnapshot(ctx: JobContext, sources: string[]) {
  const { config, configDir } = ctx;
  const root = resolve(configDir, config.snapshots?.dir ?? DEFAULT_SNAPSHOTS_DIR);
  const live = await buildLiveSnapshot({
    registry: ctx.registry,
    sources,
    config,
    exportsDir: config.exportsDir ? resolve(configDir, config.exportsDir) : undefined,
    root,
    now: new Date(),
    progress: ctx.progress,
  });
  // A stale or empty export is an error in the log, with its figures.
  for (const check of live.exports) if (check.problem) ctx.log.error({ source: check.source, export: check }, check.problem);
  return { ...live, root };
}

/** The store the scheduler holds, lent to the scan job, which closes what it is given when done. */
function lent(store: GraphStore): GraphStore {
  return {
    kind: store.kind,
    location: store.location,
    read: (cypher, params) => store.read(cypher, params),
    write: (cypher, params) => store.write(cypher, params),
    writeTx: (work) => store.writeTx(work),
    close: async () => undefined,
  };
}

/** Every finding transition goes in the log line, up to this many; the counts are always there. */
const MAX_TRANSITIONS_LOGGED = 200;

export const scanJob: Job = async (ctx) => {
  const { config, configDir } = ctx;
  const scan = config.schedule?.scan ?? {};
  const sources = scheduledSources(config, ctx.registry);
  let from: string;
  let collectFailures: Map<string, ContainerFailure[]> | undefined;
  let live = null;
  if (scan.from) {
    from = resolve(configDir, scan.from);
    if (!(await snapshotExists(from))) throw new UsageError(`config schedule.scan.from: ${from}: no such directory`);
  } else {
    if (!sources?.length) throw new UsageError('config schedule.scan: give `from` (a snapshot folder) or `sources` (to collect live)');
    live = await liveSnapshot(ctx, sources);
    from = live.dir;
    collectFailures = live.failures;
    ctx.signal.throwIfAborted();
  }
  const result = await runScanJob({
    registry: ctx.registry,
    config,
    configDir,
    openStore: async () => lent(ctx.store),
    from,
    sources,
    progress: ctx.progress,
    signal: ctx.signal,
    collectFailures,
  });
  let pruned: string[] = [];
  if (live) pruned = await pruneSnapshots(live.root, config.snapshots?.keepDays ?? DEFAULT_KEEP_DAYS);
  const errors = [
    ...result.outcomes.flatMap((o) => o.errors.map((e) => (e.startsWith(`${o.source}:`) ? e : `${o.source}: ${e}`))),
    ...result.rules.filter((r) => r.error).map((r) => `rule ${r.rule.id}: ${r.error}`),
  ];
  const { transitions, ...counts } = result.lifecycle;
  return {
    exitCode: result.exitCode,
    errors,
    details: {
      scanId: result.scanId,
      now: result.now,
      snapshot: from,
      sources: result.outcomes.map((o) => ({
        source: o.source,
        status: o.status,
        nodes: o.nodes,
        removed: o.removed,
        ...(o.failedContainers.length ? { failedContainers: o.failedContainers } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
      })),
      findings: counts,
      ...(live ? { exports: live.exports, snapshotsDeleted: pruned } : {}),
    },
    logOnly: {
      transitions: transitions.slice(0, MAX_TRANSITIONS_LOGGED),
      ...(transitions.length > MAX_TRANSITIONS_LOGGED ? { transitionsNotListed: transitions.length - MAX_TRANSITIONS_LOGGED } : {}),
    },
  };
};

export const ticketsJob: Job = async (ctx) => {
  const r = await runTicketsJob(ctx.store, ctx.config, { print: (line) => ctx.log.info(line.trim()) });
  return {
    exitCode: r.exitCode,
    errors: r.sinks.filter((x) => x.failed).map((x) => `${x.sink}: ${x.failed}`),
    details: {
      sinks: r.sinks.map((x) => ({ sink: x.sink, planned: x.planned, done: x.done, relinked: x.relinked, failed: x.failed, left: x.left })),
      revocationUnverified: r.revocationUnverified.length,
    },
  };
};

export const reportJob: Job = async (ctx) => {
  // The report job of the command line, mailed when the config says where to.
  const out = ctx.config.schedule?.report?.out ?? ctx.config.report?.out;
  const r = await ctx.runReport(ctx.store, {
    config: ctx.config.report,
    email: ctx.config.report?.email !== undefined,
    ...(out ? { out: resolve(ctx.configDir, out) } : {}),
    // Stale figures are not mailed as if they were last night's: the job fails and says why.
    staleAfterHours: ctx.config.staleAfterHours,
    refuseStaleEmail: true,
  });
  const why = r.refused ?? 'no scan in the report period: the report says so at the top';
  return { exitCode: r.exitCode, errors: r.exitCode ? [why] : [], details: { files: r.files, sent: r.sent.length } };
};

export const revokeJob: Job = async (ctx) => {
  const apply = ctx.config.schedule?.revoke?.apply === true;
  const rules = await ctx.rules();
  checkRevokeConfig(ctx.config, ctx.registry, rules.map((r) => r.id));
  if (!ctx.revocationAuditFile) throw new UsageError('revoke: no audit trail file was handed to the scheduler');
  const audit = new AuditTrail(ctx.revocationAuditFile, ctx.store);
  const run = await runRevocation(ctx.store, {
    registry: ctx.registry,
    config: ctx.config,
    rules,
    audit,
    apply,
    env: process.env,
    onProgress: (line) => ctx.log.info(line),
  });
  const counts: Record<string, number> = {};
  for (const e of run.plan.entries) counts[e.state] = (counts[e.state] ?? 0) + 1;
  const outcomes: Record<string, number> = {};
  for (const x of run.applied?.outcomes ?? []) outcomes[x.outcome] = (outcomes[x.outcome] ?? 0) + 1;
  const errors = [
    ...run.plan.refusals.map((r) => `refused: ${r}`),
    ...(run.applied?.outcomes ?? []).filter((x) => x.outcome === 'failed').map((x) => `action ${x.actionId} failed: ${x.summary}: ${x.detail ?? ''}`),
  ];
  return {
    exitCode: run.exitCode,
    errors,
    details: {
      revocationRunId: run.runId,
      mode: apply ? 'apply' : 'plan only',
      planned: counts,
      newlyPlanned: run.newlyPlanned,
      ...(run.applied ? { outcomes } : {}),
      ...(run.plan.refusals.length ? { refused: run.plan.refusals } : {}),
      auditLog: ctx.revocationAuditFile,
    },
  };
};

export const JOBS: Record<JobName, Job> = { scan: scanJob, revoke: revokeJob, tickets: ticketsJob, report: reportJob, reviews: reviewsJob };

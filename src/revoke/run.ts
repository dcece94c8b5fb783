// One revocation run as the scheduler and `revoke --apply` do it: copy into
// the store what the audit file holds and the store missed, plan, record in
// the audit trail what is planned for the first time (so an action waiting
// for an approval or its grace is on record, and its ticket can say so), and
// then either send the plan (apply) or record that the run planned only.
// A plan a guard refuses sends nothing, is recorded, and exits 1.
// A dry run from the command line (`revoke` without --apply) does not come
// here: it records nothing.
import { randomUUID } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import type { Registry } from '../sources/connector.js';
import type { Config } from '../config/schema.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { AuditTrail, NewRecord } from './audit.js';
import { revocationOf } from './config.js';
import { buildPlan, type Plan, type PlanEntry } from './plan.js';
import { actionRecord, applyPlan, type ApplyResult } from './apply.js';

export interface RevocationRunOptions {
  registry: Registry;
  config: Config;
  rules: RuleFile[];
  audit: AuditTrail;
  /** Send the plan; false: plan and record only. */
  apply: boolean;
  env: NodeJS.ProcessEnv;
  now?: string;
  findingId?: string;
  /** The plan, before anything is sent (the command line prints it). */
  onPlan?: (plan: Plan) => void;
  onProgress?: (line: string) => void;
}

export interface RevocationRun {
  runId: string;
  plan: Plan;
  /** What was sent; null for a plan-only run. */
  applied: ApplyResult | null;
  /** Actions recorded as planned for the first time. */
  newlyPlanned: number;
  /** 1 when a guard refused the plan or an action failed. */
  exitCode: 0 | 1;
}

const RECORDED_STATES = new Set(['ready', 'awaiting-approval', 'grace']);

function plannedRecord(e: PlanEntry, runId: string): NewRecord {
  return {
    event: 'planned',
    ...actionRecord(e, runId),
    planState: e.state,
    ...(e.reason ? { detail: e.reason } : {}),
  };
}

/**
 * Actions in the plan with no record yet: recorded once as planned, with the
 * state they are in. `skipReady`: applyPlan records the ready ones itself.
 */
async function recordNewlyPlanned(store: GraphStore, audit: AuditTrail, plan: Plan, runId: string, skipReady: boolean): Promise<number> {
  const known = new Set((await store.read('MATCH (a:Revocation) RETURN a.id AS id')).map((r) => String(r.id)));
  const fresh = plan.entries.filter((e) => e.action && RECORDED_STATES.has(e.state) && !known.has(e.actionId) && !(skipReady && e.state === 'ready'));
  await audit.recordMany(fresh.map((e) => plannedRecord(e, runId)));
  return fresh.length;
}

function countStates(plan: Plan): Record<string, number> {
  const c: Record<string, number> = {};
  for (const e of plan.entries) c[e.state] = (c[e.state] ?? 0) + 1;
  return c;
}

export async function runRevocation(store: GraphStore, o: RevocationRunOptions): Promise<RevocationRun> {
  await o.audit.reconcile();
  const runId = randomUUID();
  const plan = await buildPlan(store, {
    registry: o.registry,
    config: revocationOf(o.config),
    rules: o.rules,
    now: o.now ?? new Date().toISOString(),
    ...(o.findingId ? { findingId: o.findingId } : {}),
  });
  o.onPlan?.(plan);
  // A refused plan (a broken HR export makes everyone a leaver) puts nothing on record as planned:
  // only the refusal, so no ticket hears of a revocation that was never going to happen.
  const newlyPlanned = plan.refusals.length ? 0 : await recordNewlyPlanned(store, o.audit, plan, runId, o.apply);
  if (!o.apply) {
    if (plan.refusals.length) await o.audit.record({ event: 'run-refused', runId, detail: plan.refusals.join('; '), counts: countStates(plan) });
    else await o.audit.record({ event: 'run-planned', runId, counts: countStates(plan), detail: 'plan only: nothing sent' });
    return { runId, plan, applied: null, newlyPlanned, exitCode: plan.refusals.length ? 1 : 0 };
  }
  const applied = await applyPlan(store, plan, { registry: o.registry, config: o.config, env: o.env, audit: o.audit, runId, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  return { runId, plan, applied, newlyPlanned, exitCode: applied.exitCode };
}

// Sending the plan. Fails closed: a plan-wide refusal sends nothing. Each
// ready action: the subject's live state is read again right before the
// call (skipped and recorded when the access is already gone or changed),
// recorded as started (synced to disk) before the call and as executed or
// failed after. One failed call fails that action only; the rest go on.
// An executed action marks its finding revocationSent: only a later scan
// that no longer sees the access resolves it.
import { randomUUID } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import { ActionCallError, type Registry } from '../sources/connector.js';
import type { Config } from '../config/schema.js';
import type { AuditTrail } from './audit.js';
import { actionOf, type Plan, type PlanEntry } from './plan.js';

export interface ApplyOutcome {
  actionId: string;
  findingId: string;
  summary: string;
  outcome: 'executed' | 'already-gone' | 'skipped' | 'failed';
  detail: string | null;
}

export interface ApplyResult {
  runId: string;
  /** Nothing was sent: the reasons (plan-wide guards). */
  refused: string[];
  outcomes: ApplyOutcome[];
  exitCode: 0 | 1;
}

export interface ApplyOptions {
  registry: Registry;
  config: Config;
  env: NodeJS.ProcessEnv;
  audit: AuditTrail;
  onProgress?: (line: string) => void;
  /** The run's id, when the caller recorded part of the run already (the plan's other entries). */
  runId?: string;
}

function errorText(e: unknown): string {
  if (e instanceof ActionCallError) return `${e.call}${e.status !== undefined ? ` status ${e.status}` : ''}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** What every audit record of a planned action says about it (plan-only runs record the same). */
export function actionRecord(e: PlanEntry, runId: string) {
  const a = e.action!;
  return {
    actionId: e.actionId,
    runId,
    findingId: e.finding.id,
    ruleId: e.finding.ruleId,
    subject: { source: e.finding.subject.source, container: e.finding.subject.container, type: e.finding.subject.type, id: e.finding.subject.id },
    kind: a.kind,
    summary: a.summary,
    decidedBy: e.decidedBy,
    calls: a.calls,
    params: a.params,
    reversible: a.reversible,
    ...(a.undo ? { undo: a.undo } : {}),
    ...(e.approval ? { approval: { by: e.approval.by, reason: e.approval.reason, expires: e.approval.expires } } : {}),
  };
}

export async function applyPlan(store: GraphStore, plan: Plan, o: ApplyOptions): Promise<ApplyResult> {
  const runId = o.runId ?? randomUUID();
  const ready = plan.entries.filter((e) => e.state === 'ready');
  if (plan.refusals.length) {
    await o.audit.record({ event: 'run-refused', runId, detail: plan.refusals.join('; ') });
    return { runId, refused: plan.refusals, outcomes: [], exitCode: 1 };
  }
  await o.audit.recordMany(ready.map((e) => ({ event: 'planned' as const, ...actionRecord(e, runId), planState: 'ready' })));
  const outcomes: ApplyOutcome[] = [];
  for (const e of ready) {
    const found = actionOf(o.registry, e.action!.kind);
    const ctx = { config: found ? o.config[found.connector.source] : undefined, env: o.env };
    const note = (outcome: ApplyOutcome['outcome'], detail: string | null) => {
      outcomes.push({ actionId: e.actionId, findingId: e.finding.id, summary: e.action!.summary, outcome, detail });
      o.onProgress?.(`${outcome}: ${e.action!.summary}${detail ? ` (${detail})` : ''}`);
    };
    if (!found) {
      const detail = `no connector declares ${e.action!.kind}`;
      await o.audit.record({ event: 'failed', ...actionRecord(e, runId), error: detail });
      note('failed', detail);
      continue;
    }
    let before: Record<string, unknown> | undefined;
    try {
      const live = await found.action.check(e.action!.params, ctx);
      before = live.state;
      if (!live.stillThere) {
        await o.audit.record({ event: 'skipped', ...actionRecord(e, runId), before, detail: live.detail });
        note('skipped', live.detail);
        continue;
      }
      await o.audit.record({ event: 'started', ...actionRecord(e, runId), before });
      await found.action.execute(e.action!.params, ctx);
      await o.audit.record({ event: 'executed', ...actionRecord(e, runId), before });
      await markSent(store, e.finding.id);
      note('executed', null);
    } catch (err) {
      if (err instanceof ActionCallError && err.gone) {
        await o.audit.record({ event: 'already-gone', ...actionRecord(e, runId), ...(before ? { before } : {}), detail: errorText(err) });
        note('already-gone', errorText(err));
        continue;
      }
      await o.audit.record({ event: 'failed', ...actionRecord(e, runId), ...(before ? { before } : {}), error: errorText(err) });
      note('failed', errorText(err));
    }
  }
  return { runId, refused: [], outcomes, exitCode: outcomes.some((x) => x.outcome === 'failed') ? 1 : 0 };
}

/** The finding waits for a scan to prove the access gone; the sent mark is never the proof. */
async function markSent(store: GraphStore, findingId: string): Promise<void> {
  await store.write('MATCH (f:Finding {id: $id}) SET f.revocationSent = true, f.revocationSentAt = $at', { id: findingId, at: new Date().toISOString() });
}

// The plan as people and scripts read it. Every provider value is data:
// the text form goes through terminalSafe, the JSON form is JSON.
import { terminalSafe } from '../util/escape.js';
import type { Plan, PlanEntry } from './plan.js';
import type { ApplyResult } from './apply.js';

export function planJson(plan: Plan, applied?: ApplyResult) {
  return {
    now: plan.now,
    limits: plan.limits,
    refusals: plan.refusals,
    containers: plan.containers,
    counts: countStates(plan.entries),
    actions: plan.entries.map((e) => ({
      actionId: e.action ? e.actionId : null,
      state: e.state,
      reason: e.reason,
      finding: e.finding,
      decidedBy: e.decidedBy,
      approval: e.approval,
      action: e.action,
    })),
    ...(applied ? { applied: { runId: applied.runId, refused: applied.refused, outcomes: applied.outcomes, exitCode: applied.exitCode } } : {}),
  };
}

function countStates(entries: PlanEntry[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const e of entries) c[e.state] = (c[e.state] ?? 0) + 1;
  return c;
}

const t = terminalSafe;

export function planText(plan: Plan, opts: { example?: boolean; applying?: boolean } = {}): string {
  const out: string[] = [];
  const counts = countStates(plan.entries);
  const shown = plan.entries.filter((e) => e.state !== 'done');
  const head = opts.example ? 'EXAMPLE revocation plan (dry run with a demo policy: nothing is sent)' : opts.applying ? 'revocation plan' : 'revocation plan (dry run: nothing is sent; --apply to act)';
  out.push(`${head}: ${counts.ready ?? 0} ready, ${counts['awaiting-approval'] ?? 0} awaiting approval, ${counts.grace ?? 0} in grace, ${counts.blocked ?? 0} blocked, ${counts['no-action'] ?? 0} without an action, ${counts.done ?? 0} done before`);
  out.push(`limits: maxPerRun ${plan.limits.maxPerRun}, maxShareOfContainer ${plan.limits.maxShareOfContainer}, maxSnapshotAgeHours ${plan.limits.maxSnapshotAgeHours}`);
  for (const e of shown) {
    out.push('');
    out.push(`[${e.state}] ${t(e.action ? e.action.summary : `${e.finding.subject.source} ${e.finding.subject.type} ${e.finding.subject.id}`)}`);
    out.push(`  why:        ${t(e.finding.title)} (${e.finding.severity})`);
    out.push(`  finding:    ${e.finding.id} (rule ${e.finding.ruleId})`);
    out.push(`  decided by: ${t(e.decidedBy)}`);
    if (e.action) {
      for (const c of e.action.calls) out.push(`  call:       ${t(c.api)} ${t(Object.entries(c.target).map(([k, v]) => `${k}=${v}`).join(' '))}`);
      out.push(`  reversible: ${e.action.reversible ? `yes (undo: ${t(e.action.undo ?? '')})` : 'no'}`);
      out.push(`  action id:  ${e.actionId}`);
    }
    if (e.reason) out.push(`  note:       ${t(e.reason)}`);
  }
  if (plan.refusals.length) {
    out.push('');
    out.push('REFUSED: nothing will be sent:');
    for (const r of plan.refusals) out.push(`  - ${t(r)}`);
  }
  return out.join('\n') + '\n';
}

// Findings live across scans. Found again: lastSeen and evidence move on, the
// id stays. New: open. Not found any more: resolved, but only when the
// subject's source (and container) loaded completely in this scan and no
// source the rule depends on failed; otherwise it stays as it was.
import type { GraphStore } from '../graph/store.js';
import type { RuleRun } from './build.js';
import type { SourceOutcome } from '../scan/source-outcome.js';
import { failed, loadedCompletely } from '../scan/source-outcome.js';
import type { RiskException } from './exceptions.js';
import { exceptionFor } from './exceptions.js';
import { readFindings, writeFindings, type StoredFinding } from './finding-store.js';

/** One change of a finding's state in this scan: what tickets and the report consume. */
export interface FindingTransition {
  kind: 'new' | 'reopened' | 'resolved' | 'excepted' | 'exception-expired';
  findingId: string;
  ruleId: string;
  severity: string;
  subject: { source: string; container: string | null; type: string; id: string };
}

export interface LifecycleStats {
  new: number;
  stillOpen: number;
  reopened: number;
  resolved: number;
  excepted: number;
  /** Not found now, but kept: their source did not load completely. */
  kept: number;
  /** Every state change, in the order found. */
  transitions: FindingTransition[];
}

export async function updateFindings(
  store: GraphStore,
  runs: RuleRun[],
  outcomes: SourceOutcome[],
  exceptions: RiskException[],
  now: string,
  options: { olderThanStore?: boolean } = {},
): Promise<LifecycleStats> {
  const stats: LifecycleStats = { new: 0, stillOpen: 0, reopened: 0, resolved: 0, excepted: 0, kept: 0, transitions: [] };
  const note = (kind: FindingTransition['kind'], f: StoredFinding) =>
    stats.transitions.push({ kind, findingId: f.id, ruleId: f.ruleId, severity: f.severity, subject: { source: f.subject.source, container: f.subject.container, type: f.subject.type, id: f.subject.id } });
  const previous = new Map((await readFindings(store)).map((f) => [f.id, f]));
  const found = new Set<string>();
  const writes: StoredFinding[] = [];

  for (const run of runs) {
    for (const f of run.findings) {
      found.add(f.id);
      const prev = previous.get(f.id);
      // Older data adds findings the store never had and touches no other.
      if (options.olderThanStore && prev) continue;
      const { active, expired } = exceptionFor(exceptions, f, now);
      const reopened = prev?.status === 'resolved';
      const next: StoredFinding = {
        ...f,
        status: active ? 'excepted' : 'open',
        firstSeen: prev?.firstSeen ?? now,
        lastSeen: now,
        resolvedAt: null,
        reopenedAt: reopened ? now : prev?.reopenedAt ?? null,
        exceptionExpiredAt: !active && expired ? expired.expiresAt : null,
      };
      if (prev?.revocationUnverified) next.revocationUnverified = true;
      if (active) next.exception = { reason: active.reason, approvedBy: active.approvedBy, expires: active.expiresAt };
      writes.push(next);
      if (!prev) {
        stats.new++;
        note('new', next);
      } else if (reopened) {
        stats.reopened++;
        note('reopened', next);
      } else stats.stillOpen++;
      if (active) stats.excepted++;
      if (active && prev?.status !== 'excepted') note('excepted', next);
      if (!active && prev?.status === 'excepted') note('exception-expired', next);
    }
  }

  // Rules that did not run (disabled, broken this time, or held back because
  // a source they need is missing) resolve nothing.
  const ran = new Map(runs.filter((r) => !r.error && !r.notRun).map((r) => [r.rule.id, r.rule]));
  for (const prev of previous.values()) {
    if (found.has(prev.id) || prev.status === 'resolved') continue;
    const rule = ran.get(prev.ruleId);
    const canResolve =
      !options.olderThanStore &&
      rule !== undefined &&
      loadedCompletely(outcomes, prev.subject.source, prev.subject.container) &&
      !rule.dependsOn.some((source) => failed(outcomes, source));
    if (!canResolve) {
      stats.kept++;
      continue;
    }
    const resolved: StoredFinding = { ...prev, status: 'resolved', resolvedAt: now };
    writes.push(resolved);
    stats.resolved++;
    note('resolved', resolved);
  }
  await writeFindings(store, writes);
  return stats;
}

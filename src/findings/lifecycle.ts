// Findings live across scans. Found again: lastSeen and evidence move on, the
// id stays. New: open. Not found any more: resolved, but only when the
// subject's source (and container) loaded completely in this scan and no
// source the rule depends on failed; otherwise it stays as it was.
// Worked one rule at a time against that rule's stored state (never every
// finding at once), and written only where something changed.
import type { GraphStore, StoreTx } from '../graph/store.js';
import type { DetectedFinding } from './build.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { SourceOutcome } from '../sources/source-outcome.js';
import { failed, loadedCompletely } from '../sources/source-outcome.js';
import type { RiskException } from './exceptions.js';
import { exceptionFor, exceptionMatches } from './exceptions.js';
import { findingRow, freezeLastSeen, readFindingsByIds, writeFindingRows, type FindingRow, type FindingState, type StoredFinding } from './finding-store.js';
import { chunks } from '../graph/batches.js';

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

export function emptyLifecycle(): LifecycleStats {
  return { new: 0, stillOpen: 0, reopened: 0, resolved: 0, excepted: 0, kept: 0, transitions: [] };
}

export interface LifecycleContext {
  store: GraphStore;
  now: string;
  /** The now of the latest completed scan before this one (where a finding it found and this one did not freezes). */
  latestNow: string | null;
  outcomes: SourceOutcome[];
  exceptions: RiskException[];
  /** The snapshot is older than the store: add findings the store never had, touch no other. */
  olderThanStore?: boolean;
  stats: LifecycleStats;
  /** Exceptions that covered a finding of this scan (the others are reported as matching nothing). */
  matchedExceptions: Set<RiskException>;
}

/** Resolved findings are read back whole this many at a time. */
const RESOLVE_PAGE = 1_000;

function note(stats: LifecycleStats, kind: FindingTransition['kind'], f: { id: string; ruleId: string; severity: string; subject: FindingTransition['subject'] }): void {
  const { source, container, type, id } = f.subject;
  stats.transitions.push({ kind, findingId: f.id, ruleId: f.ruleId, severity: f.severity, subject: { source, container, type, id } });
}

/** What one rule's update writes, worked out before its transaction (which the Neo4j driver may retry). */
export interface RuleUpdate {
  writes: FindingRow[];
  /** Standing findings whose lastSeen freezes at the latest scan's now. */
  freeze: string[];
}

/** Write one rule's update: the caller runs it as one transaction. */
export async function writeRuleUpdate(tx: StoreTx, ctx: LifecycleContext, update: RuleUpdate): Promise<void> {
  await writeFindingRows(tx, update.writes);
  await freezeLastSeen(tx, update.freeze, ctx.latestNow);
}

/** One rule that ran: what it found now against what the store holds of it. Counts the transitions. */
export async function planRuleUpdate(
  ctx: LifecycleContext,
  rule: RuleFile,
  found: DetectedFinding[],
  previous: Map<string, FindingState>,
  /** Found again as stored (reuse.ts): still open, nothing to write. */
  reused: readonly { id: string }[] = [],
): Promise<RuleUpdate> {
  const { stats, now } = ctx;
  const writes: FindingRow[] = [];
  const seen = new Set<string>();
  for (const r of reused) {
    seen.add(r.id);
    stats.stillOpen++;
  }
  for (const f of found) {
    seen.add(f.id);
    for (const x of ctx.exceptions) if (!ctx.matchedExceptions.has(x) && exceptionMatches(x, f)) ctx.matchedExceptions.add(x);
    const prev = previous.get(f.id);
    // Older data adds findings the store never had and touches no other.
    if (ctx.olderThanStore && prev) continue;
    const { active, expired } = exceptionFor(ctx.exceptions, f, now);
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
    const isFound = !ctx.olderThanStore;
    // Unchanged and found by the latest scan too: nothing to write.
    const row = findingRow(next, isFound, prev ? prev.subjectKey : undefined);
    if (!prev || prev.foundInLatestScan !== isFound || prev.contentHash !== row.props.contentHash) writes.push(row);
    if (!prev) {
      stats.new++;
      note(stats, 'new', next);
    } else if (reopened) {
      stats.reopened++;
      note(stats, 'reopened', next);
    } else stats.stillOpen++;
    if (active) stats.excepted++;
    if (active && prev?.status !== 'excepted') note(stats, 'excepted', next);
    if (!active && prev?.status === 'excepted') note(stats, 'exception-expired', next);
  }

  const toResolve: string[] = [];
  const toFreeze: string[] = [];
  for (const prev of previous.values()) {
    if (seen.has(prev.id) || prev.status === 'resolved') continue;
    const canResolve =
      !ctx.olderThanStore &&
      loadedCompletely(ctx.outcomes, prev.subject.source, prev.subject.container) &&
      !rule.dependsOn.some((source) => failed(ctx.outcomes, source));
    if (canResolve) toResolve.push(prev.id);
    else {
      ctx.stats.kept++;
      if (prev.foundInLatestScan && !ctx.olderThanStore) toFreeze.push(prev.id);
    }
  }
  // A resolved finding keeps what it held when last found: read back whole.
  for (const page of chunks(toResolve, RESOLVE_PAGE)) {
    for (const prev of await readFindingsByIds(ctx.store, page, ctx.latestNow)) {
      const f: StoredFinding = { ...prev, status: 'resolved', resolvedAt: now };
      stats.resolved++;
      note(stats, 'resolved', f);
      writes.push(findingRow(f, false, prev.subjectKey));
    }
  }
  return { writes, freeze: toFreeze };
}

/**
 * Findings of rules that did not run this scan (held back, broken, disabled,
 * or gone from the rule set): nothing resolves; the ones the latest scan
 * found freeze their lastSeen.
 */
export function planKeepOfRulesNotRun(ctx: LifecycleContext, standing: FindingState[]): RuleUpdate {
  ctx.stats.kept += standing.length;
  return { writes: [], freeze: ctx.olderThanStore ? [] : standing.filter((s) => s.foundInLatestScan).map((s) => s.id) };
}

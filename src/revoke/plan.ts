// The plan: for every standing finding the policy covers, the actions its
// connectors declare, each with its state: ready to send, awaiting approval,
// in its grace, blocked by a guard (and why), or already done. Reading only:
// planning changes nothing anywhere.
import { createHash } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import type { PlannedRevocation, Registry, RevocationAction, Connector } from '../sources/connector.js';
import type { RuleFile } from '../rules/rule-file.js';
import { fromNodeProps, type StoredFinding } from '../findings/finding-store.js';
import { limitsOf, type Limits, type RevocationConfig } from './config.js';
import { decide, isNeverTouched } from './policy.js';
import { readScanState, scanBlock, type ScanState } from './scan-state.js';
import { FINAL } from './audit.js';
import { readApprovals, type Approval } from './approvals.js';

export type EntryState = 'ready' | 'awaiting-approval' | 'grace' | 'blocked' | 'done' | 'no-action';

export interface PlanEntry {
  actionId: string;
  state: EntryState;
  /** Why it is not ready (blocked, grace, awaiting approval, done, no action). */
  reason: string | null;
  finding: { id: string; ruleId: string; severity: string; title: string; subject: StoredFinding['subject'] };
  /** `policy revocation.routine[0]` or `approval by EMAIL: REASON`. */
  decidedBy: string;
  approval: Approval | null;
  /** Absent when no connector can act on this subject (state no-action). */
  action: (PlannedRevocation & { source: string }) | null;
}

export interface Plan {
  now: string;
  entries: PlanEntry[];
  limits: Limits;
  /** Plan-wide refusals: over maxPerRun, over maxShareOfContainer, an --allow-older store. Non-empty: nothing is sent. */
  refusals: string[];
  /** Ready actions per container against the container's size, for the share limit. */
  containers: { source: string; container: string; subjects: number; size: number; allowed: number }[];
}

export function actionIdOf(findingId: string, p: PlannedRevocation): string {
  const params = Object.keys(p.params)
    .sort()
    .map((k) => [k, p.params[k]]);
  return 'a_' + createHash('sha256').update(JSON.stringify([findingId, p.kind, params])).digest('hex').slice(0, 20);
}

/** The connector that holds an action kind (`aws.deactivate-access-key`), and the action. */
export function actionOf(registry: Registry, kind: string): { connector: Connector<unknown>; action: RevocationAction<unknown> } | null {
  for (const connector of registry) {
    const action = connector.revocations?.find((a) => a.kind === kind);
    if (action) return { connector, action };
  }
  return null;
}

async function subjectProps(store: GraphStore, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
  const rows = await store.read('UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN k AS key, properties(n) AS p', { keys });
  return new Map(rows.map((r) => [String(r.key), r.p as Record<string, unknown>]));
}

/** Subjects per (source, container): identities and credentials still there, the share limit's denominator. */
async function containerSizes(store: GraphStore, pairs: { source: string; container: string }[]): Promise<Map<string, number>> {
  const rows = await store.read(
    `UNWIND $pairs AS p
     MATCH (n:Entity) WHERE n.source = p.source AND coalesce(n.container, '') = p.container AND n.removedAt IS NULL AND (n:Identity OR n:Credential)
     RETURN p.source AS source, p.container AS container, count(n) AS n`,
    { pairs },
  );
  return new Map(rows.map((r) => [`${r.source}\u0000${r.container}`, Number(r.n)]));
}

export interface PlanOptions {
  registry: Registry;
  config: RevocationConfig | undefined;
  rules: RuleFile[];
  /** Wall clock (ISO): ages and approvals' expiry are judged against it. */
  now: string;
  /** Only this finding (`--finding ID`). */
  findingId?: string;
}

export async function buildPlan(store: GraphStore, o: PlanOptions): Promise<Plan> {
  const limits = limitsOf(o.config);
  const nowMs = Date.parse(o.now);
  const scans: ScanState = await readScanState(store);
  const findingRows = await store.read(
    `MATCH (f:Finding) WHERE f.status IN ['open', 'excepted'] ${o.findingId ? 'AND f.id = $id' : ''} RETURN properties(f) AS f ORDER BY f.id`,
    { id: o.findingId ?? null },
  );
  const findings = findingRows.map((r) => fromNodeProps(r.f as Record<string, unknown>, scans.latestNow));
  const covered = findings.map((f) => ({ f, decision: decide(o.config, f, o.now) })).filter((x) => x.decision.kind !== 'none');
  const props = await subjectProps(store, covered.flatMap((x) => (x.f.subjectKey ? [x.f.subjectKey] : [])));
  const done = new Map((await store.read('MATCH (a:Revocation) RETURN a.id AS id, a.status AS status, a.updatedAt AS at')).map((r) => [String(r.id), { status: String(r.status), at: String(r.at) }]));
  const approvals = await readApprovals(store);
  const rules = new Map(o.rules.map((r) => [r.id, r]));

  const entries: PlanEntry[] = [];
  for (const { f, decision } of covered) {
    if (decision.kind === 'none') continue;
    const finding = { id: f.id, ruleId: f.ruleId, severity: f.severity, title: f.title, subject: f.subject };
    const approval = approvals.find((a) => a.findingId === f.id && (a.expires === null || a.expires > o.now)) ?? null;
    const decidedBy =
      decision.kind === 'routine'
        ? `policy revocation.routine[${decision.line}]`
        : approval
          ? `approval by ${approval.by}: ${approval.reason}`
          : `policy revocation.approval[${decision.line}]`;
    const input = {
      ruleId: f.ruleId,
      action: rules.get(f.ruleId)?.remediation ?? '',
      subject: f.subject,
      props: (f.subjectKey ? props.get(f.subjectKey) : undefined) ?? {},
      evidence: f.evidence,
      entitlement: f.entitlement,
    };
    // The subject's own connector first; then the others (a mover is an HR person, the group to leave is elsewhere).
    const own = o.registry.find((c) => c.source === f.subject.source);
    const ordered = own ? [own, ...o.registry.filter((c) => c !== own)] : [...o.registry];
    let planned: (PlannedRevocation & { source: string })[] = [];
    for (const c of ordered) {
      planned = (c.revocations ?? []).flatMap((a) => a.plan(input)).map((p) => ({ ...p, source: c.source }));
      if (planned.length) break;
    }
    if (!planned.length) {
      entries.push({
        actionId: `none:${f.id}`,
        state: 'no-action',
        reason: noActionReason(o.registry, f, input.action),
        finding,
        decidedBy,
        approval,
        action: null,
      });
      continue;
    }
    const guard = findingBlock(o.config, f, scans, nowMs, limits);
    for (const p of planned) {
      const actionId = actionIdOf(f.id, p);
      const prior = done.get(actionId);
      let state: EntryState = 'ready';
      let reason: string | null = null;
      // A skipped action is looked at again once a later scan saw the access again.
      if (prior && FINAL.has(prior.status) && !(prior.status === 'skipped' && f.lastSeen > prior.at)) {
        state = 'done';
        reason = `${prior.status} ${prior.at}`;
      } else if (guard) {
        state = 'blocked';
        reason = guard;
      } else if (decision.graceUntil) {
        state = 'grace';
        reason = `grace until ${decision.graceUntil}`;
      } else if (decision.kind === 'approval' && !approval) {
        state = 'awaiting-approval';
        reason = `needs an approval: driftgraph revoke approve ${f.id} --by EMAIL --reason TEXT`;
      }
      entries.push({ actionId, state, reason, finding, decidedBy, approval, action: p });
    }
  }
  const { refusals, containers } = await planLimits(store, entries, limits, scans);
  return { now: o.now, entries, limits, refusals, containers };
}

/** Why nothing can be sent for a covered finding: its fix is no revocation, or no action is built for its subject. */
function noActionReason(registry: Registry, f: StoredFinding, remediation: string): string {
  const own = registry.find((c) => c.source === f.subject.source);
  const typed = (own?.revocations ?? []).some((a) => a.subjectTypes.includes(f.subject.type));
  return typed
    ? `its remediation (${remediation}) is not a revocation driftgraph sends: do it by hand (${f.remediation})`
    : `driftgraph has no revocation action for ${f.subject.source} ${f.subject.type} subjects (not built): revoke it by hand (${f.remediation})`;
}

/** Guards that hold one finding back. */
function findingBlock(config: RevocationConfig | undefined, f: StoredFinding, scans: ScanState, nowMs: number, limits: Limits): string | null {
  if (f.status === 'excepted') return `excepted (${f.exception?.reason ?? 'an accepted risk'}, approved by ${f.exception?.approvedBy ?? 'unknown'})`;
  if (isNeverTouched(config, f.subject)) return 'in revocation.neverTouch';
  if (!f.foundInLatestScan && scans.bySource.get(f.subject.source)?.now !== f.lastSeen) return `not found by the latest scan of ${f.subject.source} (last seen ${f.lastSeen})`;
  return scanBlock(scans, f.subject.source, f.subject.container, nowMs, limits.maxSnapshotAgeHours);
}

/** The plan-wide limits: counted over the actions that would be sent. */
async function planLimits(store: GraphStore, entries: PlanEntry[], limits: Limits, scans: ScanState) {
  const refusals: string[] = [];
  const ready = entries.filter((e) => e.state === 'ready');
  if (scans.lastLoadWasOlder) refusals.push('the store was last loaded with --allow-older (older data): scan current data before acting');
  if (ready.length > limits.maxPerRun) {
    refusals.push(`${ready.length} actions planned, more than revocation.maxPerRun (${limits.maxPerRun}): nothing is sent. Check the sources (a broken HR export looks like everyone left), or act on one finding with --finding`);
  }
  const bySubject = new Map<string, { source: string; container: string; subjects: Set<string> }>();
  for (const e of ready) {
    const k = `${e.action!.source}\u0000${e.action!.container}`;
    const g = bySubject.get(k) ?? { source: e.action!.source, container: e.action!.container, subjects: new Set<string>() };
    g.subjects.add(`${e.finding.subject.type}\u0000${e.finding.subject.id}`);
    bySubject.set(k, g);
  }
  const sizes = await containerSizes(store, [...bySubject.values()].map((g) => ({ source: g.source, container: g.container })));
  const containers = [...bySubject.entries()].map(([k, g]) => {
    const size = sizes.get(k) ?? 0;
    // One subject per container is always allowed: a small container is not locked out by the share.
    const allowed = Math.max(1, Math.floor(size * limits.maxShareOfContainer));
    return { source: g.source, container: g.container, subjects: g.subjects.size, size, allowed };
  });
  for (const c of containers) {
    if (c.subjects > c.allowed) {
      refusals.push(
        `${c.source} ${c.container || '(no container)'}: ${c.subjects} of its ${c.size} subjects would be touched, more than revocation.maxShareOfContainer (${limits.maxShareOfContainer}, at most ${c.allowed}): nothing is sent`,
      );
    }
  }
  return { refusals, containers };
}

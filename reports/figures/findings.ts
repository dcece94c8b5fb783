// Finding figures: open by severity and rule, new, resolved and reopened in
// the period, time to resolve, revocation unverified, exceptions, and the
// per-team and per-container breakdowns. Each from its saved query.
import type { GraphStore } from '../../src/graph/store.js';
import { SEVERITIES, type Severity } from '../../src/rules/rule-file.js';
import { runSaved } from '../saved-query.js';
import type { BySeverity, ReportFigures } from '../report-data.js';
import { hoursBetween, mean, median } from '../stats.js';

const DAY = 86_400_000;
export const NO_TEAM = '(no owner team)';

export const zeroSeverities = (): BySeverity => ({ critical: 0, high: 0, medium: 0, low: 0 });

function bump(counts: BySeverity, severity: unknown, n = 1): void {
  if ((SEVERITIES as string[]).includes(String(severity))) counts[severity as Severity] += n;
}

export interface PeriodFindings {
  newIds: string[];
  resolvedIds: string[];
  reopenedIds: string[];
  newBySeverity: BySeverity;
  timeToResolve: ReportFigures['findings']['timeToResolve'];
}

/** New, resolved and reopened in (since, until]; also used for each trend week. */
export async function periodFindings(store: GraphStore, since: string, until: string): Promise<PeriodFindings> {
  const params = { since, until };
  const fresh = await runSaved(store, 'report-new-findings', params);
  const resolved = await runSaved(store, 'report-resolved-findings', params);
  const reopened = await runSaved(store, 'report-reopened-findings', params);
  const newBySeverity = zeroSeverities();
  for (const r of fresh) bump(newBySeverity, r.severity);
  const res = resolved[0] ?? {};
  const firstSeen = list(res.firstSeen);
  const resolvedAt = list(res.resolvedAt);
  const durations = firstSeen.map((f, i) => hoursBetween(f, resolvedAt[i]!));
  return {
    newIds: fresh.map((r) => String(r.id)),
    resolvedIds: list(res.ids),
    reopenedIds: list(reopened[0]?.ids),
    newBySeverity,
    timeToResolve: { mean: mean(durations), median: median(durations), count: durations.length },
  };
}

export async function openFindings(store: GraphStore) {
  const rows = await runSaved(store, 'report-open-findings');
  const open = { ...zeroSeverities(), total: 0 };
  const byRule: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.findings);
    bump(open, r.severity, n);
    open.total += n;
    byRule[String(r.rule)] = (byRule[String(r.rule)] ?? 0) + n;
  }
  return { open, byRule };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export async function revocationUnverified(store: GraphStore): Promise<number> {
  const [r] = await runSaved(store, 'report-revocation-unverified');
  return Number(r?.findings ?? 0);
}

export async function exceptionFigures(store: GraphStore, until: string): Promise<ReportFigures['exceptions'] & { excepted: number }> {
  const [r] = await runSaved(store, 'report-exceptions');
  const horizon = new Date(Date.parse(until) + 14 * DAY).toISOString();
  const active = Number(r?.active ?? 0);
  const expiring = list(r?.activeExceptions)
    .map(exceptionExpiry)
    .filter((expires) => expires !== null && expires > until && expires <= horizon).length;
  return { active, expiringIn14Days: expiring, expired: Number(r?.expired ?? 0), excepted: active };
}

function exceptionExpiry(json: unknown): string | null {
  try {
    const e = JSON.parse(String(json ?? 'null')) as { expires?: unknown } | null;
    return typeof e?.expires === 'string' ? new Date(e.expires).toISOString() : null;
  } catch {
    return null;
  }
}

/** Owner teams of each open finding: its owner teams, else its person's teams. */
export async function teamsOfOpen(store: GraphStore): Promise<{ teamsOf: Map<string, string[]>; byTeam: ReportFigures['byTeam'] }> {
  const rows = await runSaved(store, 'report-open-by-team');
  const teamsOf = new Map<string, string[]>();
  const counts = new Map<string, BySeverity & { total: number }>();
  for (const r of rows) {
    let owners: { kind?: string; id?: string }[] = [];
    try {
      owners = JSON.parse(String(r.owners ?? '[]'));
    } catch {
      owners = [];
    }
    const ownerTeams = owners.filter((o) => o.kind === 'team' && o.id).map((o) => String(o.id));
    const personTeams = Array.isArray(r.personTeams) ? r.personTeams.map(String) : [];
    const teams = [...new Set(ownerTeams.length ? ownerTeams : personTeams)].sort();
    teamsOf.set(String(r.id), teams);
    for (const team of teams.length ? teams : [NO_TEAM]) {
      const c = counts.get(team) ?? { ...zeroSeverities(), total: 0 };
      bump(c, r.severity);
      c.total++;
      counts.set(team, c);
    }
  }
  const byTeam = [...counts].map(([team, c]) => ({ team, ...c })).sort((a, b) => b.total - a.total || a.team.localeCompare(b.team));
  return { teamsOf, byTeam };
}

export async function byContainer(store: GraphStore): Promise<ReportFigures['byContainer']> {
  const rows = await runSaved(store, 'report-open-by-container');
  const counts = new Map<string, { source: string; container: string; total: number } & BySeverity>();
  for (const r of rows) {
    const key = `${r.source}\u0000${r.container}`;
    const c = counts.get(key) ?? { source: String(r.source), container: String(r.container ?? ''), total: 0, ...zeroSeverities() };
    bump(c, r.severity, Number(r.findings));
    c.total += Number(r.findings);
    counts.set(key, c);
  }
  return [...counts.values()].sort((a, b) => b.total - a.total || a.source.localeCompare(b.source) || a.container.localeCompare(b.container));
}

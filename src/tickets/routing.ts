// Which findings become tickets, where: per sink, the first route that
// matches a finding decides its target (a finding can go to GitHub and to a
// webhook). With `group: owner-rule`, findings of one rule and one owner
// share a ticket.
import { createHash } from 'node:crypto';
import type { StoredFinding } from '../findings/finding-store.js';
import { SEVERITIES, type Severity } from '../rules/rule-file.js';
import type { Route, SinkName, TicketsConfig } from './config.js';
import type { TicketTarget } from './sink.js';

export interface TicketUnit {
  sink: SinkName;
  /** The marker: the finding id, or `g_…` for a group. */
  key: string;
  target: TicketTarget;
  /** For a group: the owner it is for; null for one finding. */
  groupLabel: string | null;
  findings: StoredFinding[];
}

/** `payments` -> `group:default/payments`, as the catalog writes owner refs. */
export function teamRef(v: string): string {
  const s = v.trim().toLowerCase();
  const withKind = s.includes(':') ? s : `group:${s}`;
  const i = withKind.indexOf(':');
  const rest = withKind.slice(i + 1);
  return `${withKind.slice(0, i)}:${rest.includes('/') ? rest : `default/${rest}`}`;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

export function routeMatches(route: Route, f: StoredFinding): boolean {
  if (route.minSeverity && rank(f.severity) > rank(route.minSeverity)) return false;
  if (route.rules && !route.rules.includes(f.ruleId)) return false;
  if (route.sources && !route.sources.includes(f.subject.source)) return false;
  if (route.ownerTeams) {
    const teams = new Set(route.ownerTeams.map(teamRef));
    if (!f.owners.some((o) => o.kind === 'team' && teams.has(teamRef(o.id)))) return false;
  }
  return true;
}

export function targetOf(route: Route, config: TicketsConfig): TicketTarget {
  if (route.sink === 'github') return { repo: route.repo ?? config.github!.repo };
  if (route.sink === 'jira') return { project: route.project ?? config.jira!.project, issueType: route.issueType ?? config.jira!.issueType ?? 'Task' };
  return {};
}

/** The owner a group is for: a team first (teams outlast people), else a person, else none. */
function groupOwner(f: StoredFinding): string {
  return (f.owners.find((o) => o.kind === 'team') ?? f.owners[0])?.id ?? 'no owner';
}

export function groupKey(sink: SinkName, target: TicketTarget, owner: string, ruleId: string): string {
  const basis = [sink, target.repo ?? '', target.project ?? '', owner, ruleId].join('\u0000');
  return 'g_' + createHash('sha256').update(basis).digest('hex').slice(0, 24);
}

export function routeFindings(findings: StoredFinding[], config: TicketsConfig): TicketUnit[] {
  const units = new Map<string, TicketUnit>();
  for (const f of findings) {
    const seen = new Set<SinkName>();
    for (const route of config.routes) {
      if (seen.has(route.sink) || !routeMatches(route, f)) continue;
      seen.add(route.sink);
      const target = targetOf(route, config);
      const owner = route.group ? groupOwner(f) : null;
      const key = owner !== null ? groupKey(route.sink, target, owner, f.ruleId) : f.id;
      const id = `${route.sink}\u0000${key}`;
      const unit = units.get(id) ?? { sink: route.sink, key, target, groupLabel: owner, findings: [] };
      unit.findings.push(f);
      units.set(id, unit);
    }
  }
  return [...units.values()];
}

// The findings page's view: the CLI's own selection (status, rule, severity,
// source, person; same order) plus the filters only the page has (container,
// owner team, new this week, a person's name), counts per filter value, and
// a sort. With only the CLI's filters and no sort, the list is exactly what
// `driftgraph findings --format json` prints.
import type { Finding } from '../findings/finding.js';
import type { StoredFinding } from '../findings/finding-store.js';
import { selectFindings, type FindingsFilter } from '../findings/select.js';
import { SEVERITIES } from '../rules/rule-file.js';

export interface ViewQuery extends FindingsFilter {
  container?: string;
  team?: string;
  /** "1": first seen in the 7 days before the latest scan. */
  new?: string;
  sort?: string;
  dir?: string;
}

export const SORTS = ['severity', 'firstSeen', 'lastSeen', 'rule', 'subject', 'person'] as const;
const WEEK = 7 * 86_400_000;

export function viewQuery(q: Record<string, string | undefined>): ViewQuery {
  const pick = (k: string) => (q[k] && q[k]!.trim() ? q[k]!.trim() : undefined);
  const out: ViewQuery = {};
  for (const k of ['status', 'rule', 'severity', 'source', 'person', 'container', 'team', 'new', 'sort', 'dir'] as const) {
    const v = pick(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function list(v?: string): string[] | null {
  return v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : null;
}

export function teamsOf(f: Finding): string[] {
  return f.owners.filter((o) => o.kind === 'team').map((o) => o.id);
}

/** The page-only filters, applied after the CLI's. */
function pageFilter(f: Finding, q: ViewQuery, asOf: string | null): boolean {
  const containers = list(q.container);
  const teams = list(q.team);
  if (containers && !containers.includes((f.subject.container ?? '').toLowerCase())) return false;
  if (teams && !teamsOf(f).some((t) => teams.includes(t.toLowerCase()))) return false;
  if (q.new === '1' && asOf && Date.parse(f.firstSeen) < Date.parse(asOf) - WEEK) return false;
  return true;
}

/** The person filter: the CLI matches an email or employee id exactly; the page also takes part of a name or email. */
function cliOptions(q: ViewQuery): FindingsFilter {
  const { container: _c, team: _t, new: _n, sort: _s, dir: _d, ...cli } = q;
  return cli;
}

export function viewFindings(all: StoredFinding[], q: ViewQuery, asOf: string | null, names: Map<string, string> = new Map()): Finding[] {
  let selected = selectFindings(all, cliOptions(q));
  const person = q.person?.trim().toLowerCase();
  if (person && !selected.length) {
    // No exact email or employee id: try part of a name or an email.
    selected = selectFindings(all, { ...cliOptions(q), person: undefined }).filter((f) => {
      const email = f.person?.email?.toLowerCase() ?? '';
      const name = names.get(f.person?.employeeId ?? '')?.toLowerCase() ?? '';
      return email.includes(person) || name.includes(person);
    });
  }
  const out = selected.filter((f) => pageFilter(f, q, asOf));
  return q.sort ? sortFindings(out, q.sort, q.dir) : out;
}

const SEVERITY_RANK = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));

export function sortFindings(list: Finding[], sort: string, dir?: string): Finding[] {
  const key: Record<string, (f: Finding) => string | number> = {
    severity: (f) => SEVERITY_RANK.get(f.severity) ?? 9,
    firstSeen: (f) => f.firstSeen,
    lastSeen: (f) => f.lastSeen,
    rule: (f) => f.ruleId,
    subject: (f) => f.subject.name ?? f.subject.id,
    person: (f) => f.person?.email ?? '~',
  };
  const k = key[sort];
  if (!k) return list;
  const sign = dir === 'desc' ? -1 : 1;
  return [...list].sort((a, b) => {
    const x = k(a);
    const y = k(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.id.localeCompare(b.id);
  });
}

export type Facet = 'severity' | 'rule' | 'source' | 'container' | 'team' | 'status';

const FACET_VALUES: Record<Facet, (f: Finding) => string[]> = {
  severity: (f) => [f.severity],
  rule: (f) => [f.ruleId],
  source: (f) => [f.subject.source],
  container: (f) => (f.subject.container ? [f.subject.container] : []),
  team: teamsOf,
  status: (f) => [f.status],
};

/**
 * For each filter, how many findings each of its values would show with the
 * other filters kept: the count next to each choice.
 */
export function facetCounts(all: StoredFinding[], q: ViewQuery, asOf: string | null, names?: Map<string, string>): Record<Facet, Map<string, number>> {
  const out = {} as Record<Facet, Map<string, number>>;
  for (const facet of Object.keys(FACET_VALUES) as Facet[]) {
    const without: ViewQuery = { ...q, [facet]: undefined, sort: undefined };
    if (facet === 'status') without.status = 'all';
    const counts = new Map<string, number>();
    for (const f of viewFindings(all, without, asOf, names)) for (const v of FACET_VALUES[facet](f)) counts.set(v, (counts.get(v) ?? 0) + 1);
    out[facet] = new Map([...counts].sort((a, b) => (facet === 'severity' ? (SEVERITY_RANK.get(a[0]) ?? 9) - (SEVERITY_RANK.get(b[0]) ?? 9) : a[0].localeCompare(b[0]))));
  }
  return out;
}

export function newThisWeek(list: Finding[], asOf: string | null): number {
  if (!asOf) return 0;
  return list.filter((f) => Date.parse(f.firstSeen) >= Date.parse(asOf) - WEEK).length;
}

// Filters that can be checked are checked: a rule id, a source, a severity, a
// status, a container, a team or a person that does not exist is a typo, and
// a typo must not look like "no findings". `findings --rule
// stale-credentials` is bad usage (exit 2; HTTP 400 on the web view) naming
// the closest value that exists, never an empty list. What exists: the rule
// files and the rules findings came from, the sources and containers the
// scans recorded, the teams and people the graph knows.
import type { GraphStore } from '../graph/store.js';
import { SEVERITIES } from '../rules/rule-file.js';
import { UsageError } from '../util/errors.js';
import { didYouMean } from '../util/did-you-mean.js';

export const STATUSES = ['open', 'resolved', 'excepted', 'all'];

export type FilterKey = 'status' | 'rule' | 'severity' | 'source' | 'container' | 'team' | 'person';

/** Values that exist, read from the store only for the filters given. */
export interface KnownValues {
  /** Rule ids of the rule files in use (the store's findings add theirs). */
  ruleIds: readonly string[];
  /** Sources the registry knows, when the caller has it (the scans' records add theirs). */
  sources?: readonly string[];
}

async function column(store: GraphStore, cypher: string): Promise<string[]> {
  return (await store.read(cypher)).map((r) => r.v).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** What every recorded scan says about sources and containers (one JSON list per scan). */
async function scanRecords(store: GraphStore, field: 'sources' | 'containers'): Promise<{ source: string; container?: string }[]> {
  const rows = await store.read(`MATCH (s:Scan) WHERE s.${field} IS NOT NULL RETURN s.${field} AS v`);
  const out: { source: string; container?: string }[] = [];
  for (const r of rows) {
    try {
      const list = JSON.parse(String(r.v)) as { source?: unknown; container?: unknown }[];
      for (const x of list) if (typeof x.source === 'string') out.push({ source: x.source, ...(typeof x.container === 'string' ? { container: x.container } : {}) });
    } catch {
      // A record this version cannot read adds nothing.
    }
  }
  return out;
}

const candidatesFor: Record<Exclude<FilterKey, 'status' | 'severity'>, (store: GraphStore, k: KnownValues) => Promise<string[]>> = {
  rule: async (store, k) => [...k.ruleIds, ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.ruleId AS v'))],
  source: async (store, k) => [
    ...(k.sources ?? []),
    ...(await scanRecords(store, 'sources')).map((x) => x.source),
    ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.subjectSource AS v')),
  ],
  container: async (store) => [
    ...(await scanRecords(store, 'containers')).map((x) => x.container ?? ''),
    ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.subjectContainer AS v')),
  ],
  team: async (store) => [
    ...(await column(store, 'MATCH (t:Team) RETURN t.nativeId AS v')),
    ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.ownersJson AS v')).flatMap(teamsIn),
  ],
  person: async (store) => [
    ...(await column(store, 'MATCH (p:Person) RETURN p.email AS v')),
    ...(await column(store, 'MATCH (p:Person) RETURN p.employeeId AS v')),
    ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.personEmail AS v')),
    ...(await column(store, 'MATCH (f:Finding) RETURN DISTINCT f.personEmployeeId AS v')),
  ],
};

function teamsIn(ownersJson: string): string[] {
  try {
    return (JSON.parse(ownersJson) as { kind?: string; id?: string }[]).filter((o) => o.kind === 'team' && typeof o.id === 'string').map((o) => o.id!);
  } catch {
    return [];
  }
}

const WORDS: Record<FilterKey, string> = {
  status: 'status',
  rule: 'rule',
  severity: 'severity',
  source: 'source',
  container: 'container (AWS account, GCP project, GitHub org, SCIM app) in any scan',
  team: 'team in the graph',
  person: 'person in the graph (email or employee id)',
};

/** The values of one filter that exist. */
export async function existingValues(store: GraphStore, key: FilterKey, known: KnownValues): Promise<string[]> {
  if (key === 'status') return STATUSES;
  if (key === 'severity') return [...SEVERITIES];
  return [...new Set(await candidatesFor[key](store, known))];
}

/**
 * Throws a UsageError naming every filter value that matches nothing that
 * exists, with the closest that does. `name` writes a filter as the caller's
 * users do: `--rule` on the command line, `rule=` on the web.
 */
export async function checkFilters(
  store: GraphStore,
  filters: Partial<Record<FilterKey, string>>,
  known: KnownValues,
  name: (key: FilterKey, value: string) => string,
): Promise<void> {
  const problems: string[] = [];
  for (const key of Object.keys(WORDS) as FilterKey[]) {
    const given = filters[key];
    if (!given) continue;
    const values = given.split(',').map((s) => s.trim()).filter(Boolean);
    if (!values.length) continue;
    // What the caller knows (rule files, the registry) answers most checks without reading the store.
    const cheap = new Set((key === 'rule' ? known.ruleIds : key === 'source' ? known.sources ?? [] : []).map((c) => c.toLowerCase()));
    const unsure = values.filter((v) => !cheap.has(v.toLowerCase()));
    if (!unsure.length) continue;
    const candidates = await existingValues(store, key, known);
    const lower = new Set(candidates.map((c) => c.toLowerCase()));
    for (const v of unsure) {
      if (lower.has(v.toLowerCase())) continue;
      const listed = candidates.length <= 12 ? ` (one of ${candidates.join(', ')})` : '';
      problems.push(`${name(key, v)}: no such ${WORDS[key]}${didYouMean(v, candidates)}${listed}`);
    }
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
}

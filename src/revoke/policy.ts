// The revocation policy applied to one finding: routine (acted on by
// `--apply`), approval (acted on once approved), or not covered (never acted
// on). The names in the policy are checked against the rules and sources
// that exist before anything is planned, with the closest name suggested.
import type { Registry } from '../sources/connector.js';
import { UsageError } from '../util/errors.js';
import { closest } from '../util/did-you-mean.js';
import type { PolicyLine, RevocationConfig } from './config.js';

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export interface PolicyFinding {
  ruleId: string;
  severity: string;
  firstSeen: string;
  subject: { source: string; container: string | null; type: string; id: string };
}

export type PolicyDecision =
  | { kind: 'routine'; line: number; graceUntil: string | null }
  | { kind: 'approval'; line: number; graceUntil: string | null }
  | { kind: 'none' };

function lineMatches(l: PolicyLine, f: PolicyFinding): boolean {
  if (l.rule !== f.ruleId) return false;
  if (l.sources && !l.sources.includes(f.subject.source)) return false;
  if (l.subjectTypes && !l.subjectTypes.includes(f.subject.type)) return false;
  if (l.minSeverity && (RANK[f.severity] ?? 0) < RANK[l.minSeverity]!) return false;
  return true;
}

/** The grace's end when it has not passed yet at `now`, else null. */
function graceUntil(l: PolicyLine, f: PolicyFinding, now: string): string | null {
  if (!l.afterHours) return null;
  const until = new Date(Date.parse(f.firstSeen) + l.afterHours * 3_600_000).toISOString();
  return until > now ? until : null;
}

/** Routine first (it is the narrower promise), then approval; a finding no line covers is never acted on. */
export function decide(config: RevocationConfig | undefined, f: PolicyFinding, now: string): PolicyDecision {
  const routine = config?.routine ?? [];
  for (let i = 0; i < routine.length; i++) {
    if (lineMatches(routine[i]!, f)) return { kind: 'routine', line: i, graceUntil: graceUntil(routine[i]!, f, now) };
  }
  const approval = config?.approval ?? [];
  for (let i = 0; i < approval.length; i++) {
    if (lineMatches(approval[i]!, f)) return { kind: 'approval', line: i, graceUntil: graceUntil(approval[i]!, f, now) };
  }
  return { kind: 'none' };
}

export function isNeverTouched(config: RevocationConfig | undefined, s: { source: string; container: string | null; id: string }): boolean {
  return (config?.neverTouch ?? []).some((n) => n.source === s.source && n.id === s.id && (n.container === undefined || n.container === (s.container ?? '')));
}

/** Every rule id and source the policy names must exist: a typo would silently cover nothing. Exit 2 otherwise. */
export function checkPolicyNames(config: RevocationConfig | undefined, ruleIds: string[], registry: Registry, file = 'driftgraph.yaml'): void {
  if (!config) return;
  const sources = registry.map((c) => c.source);
  const types = [...new Set(registry.flatMap((c) => [...c.subjectTypes.map((t) => t.type), ...(c.revocations ?? []).flatMap((a) => a.subjectTypes)]))];
  const problems: string[] = [];
  const check = (where: string, name: string, known: string[], what: string) => {
    if (known.includes(name)) return;
    const near = closest(name, known);
    problems.push(`  ${where}: unknown ${what} ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}`);
  };
  for (const section of ['routine', 'approval'] as const) {
    (config[section] ?? []).forEach((l, i) => {
      check(`revocation.${section}.${i}.rule`, l.rule, ruleIds, 'rule');
      l.sources?.forEach((s, j) => check(`revocation.${section}.${i}.sources.${j}`, s, sources, 'source'));
      l.subjectTypes?.forEach((t, j) => check(`revocation.${section}.${i}.subjectTypes.${j}`, t, types, 'subject type'));
    });
  }
  (config.neverTouch ?? []).forEach((n, i) => check(`revocation.neverTouch.${i}.source`, n.source, sources, 'source'));
  if (problems.length) throw new UsageError(`config ${file} is invalid:\n${problems.join('\n')}`);
}

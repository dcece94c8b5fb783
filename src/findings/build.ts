// One rule's rows -> findings (not yet merged with what earlier scans found:
// see lifecycle.ts). The subject, person and owners are read from the graph;
// the title and remediation come from the rule header and the subject's
// connector.
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Registry } from '../sources/connector.js';
import type { RuleFile, Severity } from '../rules/rule-file.js';
import { SEVERITIES } from '../rules/rule-file.js';
import { findingId, type Finding } from './finding.js';
import { readSubjects, type SubjectInfo } from './subjects.js';
import { remediationFor } from './remediation.js';
import { fillTitle, titleParts, titleValues, type SourceWords } from './title.js';
import { chunks } from '../graph/batches.js';

/** A finding as this scan found it, with the graph key of its subject. */
export type DetectedFinding = Finding & {
  subjectKey: string;
  /** The title with its day count left open (see titleParts), when it counts days. */
  titleParts?: (string | 0)[];
  /** The instant `evidence.days` counts from, when the rule counts days. */
  daysFrom?: string;
};

/** What a scan tells of one rule: how many findings and their titles (for `scan --list`). */
export interface RuleRun {
  rule: RuleFile;
  /** The findings this scan found, as the terminal lists them. */
  findings: { severity: Severity; title: string }[];
  seconds: number;
  error?: string;
  notRun?: string;
  /** Sources the config declares absent that the rule would have read: its findings say what that left unknown. */
  ranWithout?: string[];
}

/** Subjects are read this many keys at a time: a rule of 100,000 rows never makes one huge query. */
const SUBJECT_PAGE = 2_000;

export interface BuildContext {
  now: string;
  config: Config;
  registry: Registry;
  words: SourceWords;
  /** Declared-absent sources this rule runs without (sources.absent). */
  absent?: string[];
}

export async function buildRuleFindings(
  store: GraphStore,
  rule: RuleFile,
  rows: Record<string, unknown>[],
  ctx: BuildContext,
): Promise<DetectedFinding[]> {
  const subjects = new Map<string, SubjectInfo>();
  for (const keys of chunks([...new Set(rows.map((r) => String(r.subjectKey)))], SUBJECT_PAGE)) {
    for (const [key, info] of await readSubjects(store, keys)) subjects.set(key, info);
  }
  const configured = ctx.config.rules?.[rule.id]?.severity as Severity | undefined;
  const byId = new Map<string, DetectedFinding>();
  for (const row of rows) {
    const info = subjects.get(String(row.subjectKey));
    if (!info) continue;
    const entitlement = typeof row.entitlement === 'string' ? row.entitlement : null;
    const evidence = compact((row.evidence as Record<string, unknown>) ?? {});
    const severity = configured ?? pickSeverity(rule.severity, row.severity);
    const values = titleValues(ctx.words, info.subject, info.person?.name ?? null, evidence, entitlement, ctx.now, rule.daysSince);
    const parts = titleParts(rule.title, values, evidence);
    const daysFrom = values.days !== undefined ? String(evidence[rule.daysSince!]) : undefined;
    if (values.days !== undefined) evidence.days = Number(values.days);
    if (ctx.absent?.length) evidence.notKnown = notKnown(rule, ctx.absent);
    const id = findingId(rule.id, info.subject, entitlement);
    const finding: DetectedFinding = {
      subjectKey: String(row.subjectKey),
      id,
      ruleId: rule.id,
      title: fillTitle(rule.title, values),
      severity,
      status: 'open',
      subject: info.subject,
      person: info.person ? { employeeId: info.person.employeeId, email: info.person.email } : null,
      owners: info.owners,
      entitlement,
      evidence,
      frameworks: frameworksOf(rule, info.subject.source, ctx.registry),
      remediation: remediationFor(
        { ruleId: rule.id, action: rule.remediation, subject: info.subject, props: info.props, evidence, entitlement },
        ctx.registry,
      ),
      firstSeen: ctx.now,
      lastSeen: ctx.now,
      resolvedAt: null,
    };
    if (parts) finding.titleParts = parts;
    if (daysFrom !== undefined) finding.daysFrom = daysFrom;
    byId.set(id, finding);
  }
  return [...byId.values()];
}

function pickSeverity(base: Severity, fromRow: unknown): Severity {
  return typeof fromRow === 'string' && SEVERITIES.includes(fromRow as Severity) ? (fromRow as Severity) : base;
}

/** What the rule could not know, one line per declared-absent source it needs. */
function notKnown(rule: RuleFile, absent: string[]): string[] {
  return absent.map((s) => `not known without ${s} (declared absent in sources.absent): ${rule.without[s] ?? `whatever only ${s} records`}`);
}

/** The rule's frameworks, then those the subject's source adds for this rule (Connector.findingFrameworks). */
function frameworksOf(rule: RuleFile, source: string, registry: Registry): string[] {
  const extra = registry.find((c) => c.source === source)?.findingFrameworks;
  if (!extra) return rule.frameworks;
  const out = rule.frameworks.slice();
  for (const f of [...(extra['*'] ?? []), ...(extra[rule.id] ?? [])]) if (!out.includes(f)) out.push(f);
  return out;
}

/** Evidence without nulls, so the JSON says what is known. */
function compact(evidence: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

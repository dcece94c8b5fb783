// Rule rows -> findings (not yet merged with what earlier scans found: see
// lifecycle.ts). The subject, person and owners are read from the graph; the
// title and remediation come from the rule header and the subject's connector.
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import type { RuleFile, Severity } from '../rules/rule-file.js';
import { SEVERITIES } from '../rules/rule-file.js';
import type { RuleRows } from '../rules/run-rules.js';
import { findingId, type Finding } from './finding.js';
import { readSubjects } from './subjects.js';
import { remediationFor } from './remediation.js';
import { fillTitle, sourceWords, titleValues, type SourceWords } from './title.js';

/** A finding as this scan found it, with the graph key of its subject. */
export type DetectedFinding = Finding & { subjectKey: string };

export interface RuleRun {
  rule: RuleFile;
  findings: DetectedFinding[];
  seconds: number;
  error?: string;
  notRun?: string;
}

export async function buildFindings(
  store: GraphStore,
  runs: RuleRows[],
  now: string,
  config: Config,
  registry: Registry,
  progress: Progress,
): Promise<RuleRun[]> {
  const words = sourceWords(registry);
  const out: RuleRun[] = [];
  for (const run of runs) {
    const findings = run.error || run.notRun ? [] : await toFindings(store, run.rule, run.rows, now, config, registry, words);
    if (!run.error && !run.notRun) progress.step(`rule ${run.rule.id}: ${findings.length} finding(s)`);
    out.push({ rule: run.rule, findings, seconds: run.seconds, error: run.error, notRun: run.notRun });
  }
  return out;
}

async function toFindings(
  store: GraphStore,
  rule: RuleFile,
  rows: Record<string, unknown>[],
  now: string,
  config: Config,
  registry: Registry,
  words: SourceWords,
): Promise<DetectedFinding[]> {
  const subjects = await readSubjects(store, [...new Set(rows.map((r) => String(r.subjectKey)))]);
  const configured = config.rules?.[rule.id]?.severity as Severity | undefined;
  const byId = new Map<string, DetectedFinding>();
  for (const row of rows) {
    const info = subjects.get(String(row.subjectKey));
    if (!info) continue;
    const entitlement = typeof row.entitlement === 'string' ? row.entitlement : null;
    const evidence = compact((row.evidence as Record<string, unknown>) ?? {});
    const severity = configured ?? pickSeverity(rule.severity, row.severity);
    const values = titleValues(words, info.subject, info.person?.name ?? null, evidence, entitlement, now, rule.daysSince);
    if (values.days !== undefined) evidence.days = Number(values.days);
    const id = findingId(rule.id, info.subject, entitlement);
    byId.set(id, {
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
      frameworks: rule.frameworks,
      remediation: remediationFor(
        { ruleId: rule.id, action: rule.remediation, subject: info.subject, props: info.props, evidence, entitlement },
        registry,
      ),
      firstSeen: now,
      lastSeen: now,
      resolvedAt: null,
    });
  }
  return [...byId.values()];
}

function pickSeverity(base: Severity, fromRow: unknown): Severity {
  return typeof fromRow === 'string' && SEVERITIES.includes(fromRow as Severity) ? (fromRow as Severity) : base;
}

/** Evidence without nulls, so the JSON says what is known. */
function compact(evidence: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

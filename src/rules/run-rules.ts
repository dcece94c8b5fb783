// Run every enabled rule against the graph and turn its rows into findings
// (not yet merged with what earlier scans found: see findings/lifecycle.ts).
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Progress } from '../../connectors/types.js';
import type { RuleFile, Severity } from './rule-file.js';
import { SEVERITIES } from './rule-file.js';
import { findingId, type Finding } from '../findings/finding.js';
import { readSubjects } from '../findings/subjects.js';
import { remediationFor } from '../findings/remediation.js';
import { fillTitle, titleValues } from '../findings/title.js';

/** A finding as this scan found it, with the graph key of its subject. */
export type DetectedFinding = Finding & { subjectKey: string };

export interface RuleRun {
  rule: RuleFile;
  findings: DetectedFinding[];
  seconds: number;
  error?: string;
}

/** The rule's thresholds with the config's overrides. */
export function ruleParams(rule: RuleFile, config: Config): Record<string, number> {
  const override = config.rules?.[rule.id] ?? {};
  const params = { ...rule.params };
  for (const [k, v] of Object.entries(override)) if (typeof v === 'number') params[k] = v;
  return params;
}

export function ruleEnabled(rule: RuleFile, config: Config): boolean {
  return config.rules?.[rule.id]?.enabled !== false;
}

export async function runRules(
  store: GraphStore,
  rules: RuleFile[],
  now: string,
  config: Config,
  progress: Progress,
): Promise<RuleRun[]> {
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    if (!ruleEnabled(rule, config)) continue;
    const started = Date.now();
    try {
      const rows = await store.read(rule.cypher, { ...ruleParams(rule, config), now });
      const findings = await toFindings(store, rule, rows, now, config);
      runs.push({ rule, findings, seconds: (Date.now() - started) / 1000 });
      progress.step(`rule ${rule.id}: ${findings.length} finding(s)`);
    } catch (e) {
      // A broken rule must not hide the others' findings.
      const error = `rule ${rule.id} (${rule.file}) failed: ${(e as Error).message}`;
      progress.step(error);
      runs.push({ rule, findings: [], seconds: (Date.now() - started) / 1000, error });
    }
  }
  return runs;
}

async function toFindings(
  store: GraphStore,
  rule: RuleFile,
  rows: Record<string, unknown>[],
  now: string,
  config: Config,
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
    const values = titleValues(info.subject, info.person?.name ?? null, evidence, entitlement, now, rule.daysSince);
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
      remediation: remediationFor({
        ruleId: rule.id,
        action: rule.remediation,
        subject: info.subject,
        props: info.props,
        evidence,
        entitlement,
      }),
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

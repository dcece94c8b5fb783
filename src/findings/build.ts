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
import { readPeopleAndOwners, readSubjectNodes, type SubjectInfo, type SubjectNode } from './subjects.js';
import type { FindingOwner } from './finding.js';
import type { FindingState } from './finding-store.js';
import type { RiskException } from './exceptions.js';
import { inputDigest, reusable, ruleDigestOf, storedTitle, type ReusedFinding } from './reuse.js';
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
  /** What it was built from (reuse.ts). */
  inputDigest?: string;
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
  /**
   * What the store holds of this rule's findings. Given, a finding whose
   * rule, row, subject, person and owners are what its stored one was built
   * from is not built again (reuse.ts); absent, every finding is built.
   */
  previous?: Map<string, FindingState>;
  /** The scan's exceptions: a finding one of them covers is always built. */
  exceptions?: RiskException[];
}

/** One rule's findings: the ones built, the ones found again as they were, and the terminal's list of both. */
export interface RuleFindings {
  found: DetectedFinding[];
  /** Found again, built from the same as the stored finding: nothing to build, nothing to write. */
  reused: ReusedFinding[];
  /** Every finding of the rule, in the order the rule returned them. */
  listed: { severity: Severity; title: string }[];
}

export async function buildRuleFindings(
  store: GraphStore,
  rule: RuleFile,
  rows: Record<string, unknown>[],
  ctx: BuildContext,
): Promise<RuleFindings> {
  const previous = ctx.previous;
  // Nothing stored to compare with: read the subjects whole at once.
  const light = previous !== undefined && previous.size > 0;
  const nodes = new Map<string, SubjectNode>();
  const who = new Map<string, { person: SubjectInfo['person']; owners: FindingOwner[] }>();
  for (const keys of chunks([...new Set(rows.map((r) => String(r.subjectKey)))], SUBJECT_PAGE)) {
    const page = await readSubjectNodes(store, keys, !light);
    for (const [key, n] of page) nodes.set(key, n);
    for (const [key, w] of await readPeopleAndOwners(store, page.values())) who.set(key, w);
  }
  const configured = ctx.config.rules?.[rule.id]?.severity as Severity | undefined;
  const ruleDigest = previous ? await ruleDigestOf(rule, configured, ctx.absent) : null;
  // The last row of an id wins, in the place of its first (as a Map keeps it).
  const byId = new Map<string, { row: Record<string, unknown>; node: SubjectNode; entitlement: string | null }>();
  for (const row of rows) {
    const node = nodes.get(String(row.subjectKey));
    if (!node) continue;
    const entitlement = typeof row.entitlement === 'string' ? row.entitlement : null;
    byId.set(findingId(rule.id, node.subject, entitlement), { row, node, entitlement });
  }
  const out: RuleFindings = { found: [], reused: [], listed: [] };
  const toBuild: { id: string; row: Record<string, unknown>; node: SubjectNode; entitlement: string | null; digest: string | null }[] = [];
  const listedAt = new Map<string, number>();
  for (const [id, e] of byId) {
    const severity = configured ?? pickSeverity(rule.severity, e.row.severity);
    const w = who.get(e.node.key)!;
    const digest = ruleDigest === null ? null : inputDigest(ruleDigest, e.row, e.node, w);
    const prev = previous?.get(id);
    if (digest !== null && prev && reusable(prev, digest, { id, ruleId: rule.id, subjectKey: e.node.key, subject: e.node.subject, entitlement: e.entitlement }, ctx.exceptions ?? [])) {
      const title = storedTitle(prev, ctx.now);
      out.reused.push({ id, severity, title });
      out.listed.push({ severity, title });
      continue;
    }
    listedAt.set(id, out.listed.length);
    out.listed.push({ severity, title: '' });
    toBuild.push({ id, ...e, digest });
  }
  // What is built is read whole: a remediation template may use any property.
  const props = new Map<string, Record<string, unknown>>();
  if (light) {
    for (const keys of chunks([...new Set(toBuild.map((b) => b.node.key))], SUBJECT_PAGE)) {
      for (const [key, n] of await readSubjectNodes(store, keys, true)) props.set(key, n.props!);
    }
  }
  for (const b of toBuild) {
    const info: SubjectInfo = { subject: b.node.subject, props: props.get(b.node.key) ?? b.node.props ?? {}, ...who.get(b.node.key)! };
    const finding = buildOne(rule, b.row, info, b.entitlement, configured, ctx);
    if (b.digest !== null) finding.inputDigest = b.digest;
    out.found.push(finding);
    out.listed[listedAt.get(b.id)!] = { severity: finding.severity, title: finding.title };
  }
  return out;
}

function buildOne(
  rule: RuleFile,
  row: Record<string, unknown>,
  info: SubjectInfo,
  entitlement: string | null,
  configured: Severity | undefined,
  ctx: BuildContext,
): DetectedFinding {
  const evidence = compact((row.evidence as Record<string, unknown>) ?? {});
  const severity = configured ?? pickSeverity(rule.severity, row.severity);
  const values = titleValues(ctx.words, info.subject, info.person?.name ?? null, evidence, entitlement, ctx.now, rule.daysSince);
  const parts = titleParts(rule.title, values, evidence);
  const daysFrom = values.days !== undefined ? String(evidence[rule.daysSince!]) : undefined;
  if (values.days !== undefined) evidence.days = Number(values.days);
  if (ctx.absent?.length) evidence.notKnown = notKnown(rule, ctx.absent);
  const finding: DetectedFinding = {
    subjectKey: String(row.subjectKey),
    id: findingId(rule.id, info.subject, entitlement),
    ruleId: rule.id,
    title: fillTitle(rule.title, values),
    severity,
    status: 'open',
    subject: info.subject,
    person: info.person ? { employeeId: info.person.employeeId, email: info.person.email } : null,
    owners: rowOwners(row.owners) ?? info.owners,
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
  return finding;
}

/** A rule may name the finding's owners itself (`owners`: emails), as review-overdue names the reviewers. */
function rowOwners(v: unknown): Finding['owners'] | null {
  if (!Array.isArray(v) || !v.length) return null;
  return v.map((e) => ({ kind: 'person' as const, id: String(e), method: 'review' }));
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

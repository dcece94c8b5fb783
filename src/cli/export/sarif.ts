// Findings as SARIF 2.1.0 (OASIS), for code-scanning UIs: one
// reportingDescriptor per rule file, one result per finding, its subject as a
// logical location (an identity has no file and line). Values stay data: SARIF
// is JSON, and message texts are plain `text`, never `markdown`.
import type { Finding } from '../../findings/finding.js';
import type { RuleFile, Severity } from '../../rules/rule-file.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export interface ToolInfo {
  name: string;
  version: string;
}

type RuleInfo = Pick<RuleFile, 'id' | 'severity' | 'description' | 'remediation' | 'params' | 'frameworks' | 'dependsOn'>;

function descriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description.split(/(?<=\.)\s/)[0] || rule.id },
    fullDescription: { text: rule.description || rule.id },
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: true },
    help: { text: `Remediation: ${rule.remediation}. Thresholds: ${JSON.stringify(rule.params)}.` },
    properties: {
      tags: ['security', ...rule.frameworks],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      thresholds: rule.params,
      dependsOn: rule.dependsOn,
    },
  };
}

/** A subject's place as SARIF names it: `source/container/type/id`. */
function logicalLocation(f: Finding) {
  const s = f.subject;
  return {
    name: s.name ?? s.id,
    fullyQualifiedName: [s.source, s.container ?? '', s.type, s.id].join('/'),
    kind: s.type,
  };
}

function contractRest(f: Finding) {
  const { id: _id, ruleId: _rule, title: _title, ...rest } = f;
  return rest;
}

function result(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    kind: 'fail',
    level: LEVEL[f.severity],
    message: { text: f.title },
    locations: [{ logicalLocations: [logicalLocation(f)] }],
    partialFingerprints: { 'driftgraphFindingId/v1': f.id },
    // Resolved findings are "absent" from the latest scan; SARIF's baseline states say so.
    baselineState: f.status === 'resolved' ? 'absent' : f.firstSeen === f.lastSeen ? 'new' : 'unchanged',
    ...(f.status === 'excepted' && f.exception
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.exception.reason }] }
      : {}),
    // The rest of the finding JSON, as it is (id, rule and title are the result's own fields above).
    properties: { findingId: f.id, 'security-severity': SECURITY_SEVERITY[f.severity], ...contractRest(f) },
  };
}

/** One SARIF log, one run. Findings of a rule no file describes any more still get a descriptor (by id). */
export function toSarif(findings: Finding[], rules: RuleFile[], tool: ToolInfo) {
  const descriptors = rules.map(descriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of findings) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, descriptors.length);
    descriptors.push(descriptor({ id: f.ruleId, severity: f.severity, description: '', remediation: '', params: {}, frameworks: f.frameworks, dependsOn: [] }));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, rules: descriptors } },
        automationDetails: { id: 'driftgraph/findings/' },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => result(f, index.get(f.ruleId)!)),
      },
    ],
  };
}

/**
 * toSarif written a result at a time, byte for byte `JSON.stringify(toSarif(...), null, 2)`:
 * `firstOfUnknown` is the first finding of each rule no file describes, in
 * the order the findings come (their descriptors are made from it).
 */
export async function* sarifChunks(findings: AsyncIterable<Finding>, rules: RuleFile[], firstOfUnknown: Finding[], tool: ToolInfo): AsyncGenerator<string> {
  const doc = toSarif(firstOfUnknown, rules, tool);
  const run = doc.runs[0]!;
  const index = new Map(run.tool.driver.rules.map((d, i) => [d.id, i]));
  // The document around its results: a placeholder result marks where they go and how deep.
  const text = JSON.stringify({ ...doc, runs: [{ ...run, results: ['\u0000'] }] }, null, 2);
  const mark = text.indexOf('"\\u0000"');
  const lineStart = text.lastIndexOf('\n', mark) + 1;
  const indent = text.slice(lineStart, mark);
  let first = true;
  for await (const f of findings) {
    yield (first ? text.slice(0, lineStart) : ',\n') + JSON.stringify(result(f, index.get(f.ruleId)!), null, 2).replace(/^/gm, indent);
    first = false;
  }
  yield first ? JSON.stringify({ ...doc, runs: [{ ...run, results: [] }] }, null, 2) : text.slice(mark + '"\\u0000"'.length);
}

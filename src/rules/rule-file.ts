// A rule is one `.cypher` file in queries/rules/ whose header (leading `//`
// lines of `key: value`) carries its metadata; the rest is the query. Every
// rule returns `subjectKey` and `evidence` (a map), and may return
// `personKey`, `entitlement` and `severity` (to raise it, e.g. when privileged).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { thresholdProblem } from './threshold-range.js';
import { packagePath } from '../util/package-root.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

export interface RuleFile {
  id: string;
  file: string;
  title: string;
  severity: Severity;
  frameworks: string[];
  /** Remediation action name, see src/findings/remediation.ts. */
  remediation: string;
  /** Default thresholds; the config overrides them per rule. */
  params: Record<string, number>;
  /** Sources besides the subject's whose failure keeps its findings from resolving. */
  dependsOn: string[];
  /** Sources that must load in a scan for the rule to run at all (`requires:`). */
  requires: string[];
  /**
   * What the rule cannot know without each `depends-on` source, in words
   * (`without: catalog=owners declared in the catalog`): the evidence of a
   * finding made while that source is declared absent says it.
   */
  without: Record<string, string>;
  /** Evidence field whose age in days becomes `days` (for titles). */
  daysSince: string | null;
  description: string;
  cypher: string;
}

export function parseRuleFile(text: string, file: string): RuleFile {
  const header = new Map<string, string>();
  const body: string[] = [];
  let inHeader = true;
  for (const line of text.split('\n')) {
    const m = inHeader ? /^\/\/\s*([a-z-]+):\s*(.*)$/.exec(line) : null;
    if (m) header.set(m[1]!, m[2]!.trim());
    else if (inHeader && /^\/\//.test(line)) continue;
    else {
      inHeader = false;
      body.push(line);
    }
  }
  const need = (k: string) => {
    const v = header.get(k);
    if (!v) throw new Error(`${file}: the header has no "${k}:" line`);
    return v;
  };
  const severity = need('severity') as Severity;
  if (!SEVERITIES.includes(severity)) throw new Error(`${file}: severity "${severity}" is not one of ${SEVERITIES.join(', ')}`);
  const params: Record<string, number> = {};
  for (const pair of (header.get('params') ?? '').split(/[,\s]+/).filter(Boolean)) {
    const [k, v] = pair.split('=');
    if (!k || v === undefined || v.trim() === '' || Number.isNaN(Number(v))) throw new Error(`${file}: bad params entry "${pair}"`);
    const why = thresholdProblem(k, Number(v));
    if (why) throw new Error(`${file}: params ${k}=${v}: ${why}`);
    params[k] = Number(v);
  }
  const list = (k: string) =>
    (header.get(k) ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    id: need('id'),
    file,
    title: need('title'),
    severity,
    frameworks: list('frameworks'),
    remediation: need('remediation'),
    params,
    dependsOn: (header.get('depends-on') ?? '').split(/[,\s]+/).filter(Boolean),
    requires: (header.get('requires') ?? '').split(/[,\s]+/).filter(Boolean),
    without: Object.fromEntries(
      list('without')
        .map((pair) => pair.split('=').map((x) => x.trim()))
        .filter((kv): kv is [string, string] => kv.length === 2 && !!kv[0] && !!kv[1]),
    ),
    daysSince: header.get('days-since') ?? null,
    description: header.get('description') ?? '',
    cypher: body.join('\n').trim(),
  };
}

export const RULES_DIR = packagePath('queries', 'rules');

export async function loadRules(dir: string = RULES_DIR): Promise<RuleFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
  const rules: RuleFile[] = [];
  for (const f of files) rules.push(parseRuleFile(await readFile(join(dir, f), 'utf8'), join(dir, f)));
  return rules;
}

// Run every enabled rule against the graph. A rule only returns rows
// (subjectKey, evidence, ...): turning them into findings is the findings
// module's job (src/findings/build.ts).
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Progress } from '../util/progress.js';
import type { RuleFile } from './rule-file.js';

export interface RuleRows {
  rule: RuleFile;
  rows: Record<string, unknown>[];
  seconds: number;
  error?: string;
  /** Set when the rule was held back (a source it needs failed or was left out). */
  notRun?: string;
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
  /** Rules held back this scan, with why (see src/scan/held-rules.ts). */
  held: Map<string, string> = new Map(),
): Promise<RuleRows[]> {
  const runs: RuleRows[] = [];
  for (const rule of rules) {
    if (!ruleEnabled(rule, config)) continue;
    const notRun = held.get(rule.id);
    if (notRun) {
      progress.step(`rule ${rule.id}: not run: ${notRun}`);
      runs.push({ rule, rows: [], seconds: 0, notRun });
      continue;
    }
    const started = Date.now();
    try {
      const rows = await store.read(rule.cypher, { ...ruleParams(rule, config), now });
      runs.push({ rule, rows, seconds: (Date.now() - started) / 1000 });
    } catch (e) {
      // A broken rule must not hide the others' findings.
      const error = `rule ${rule.id} (${rule.file}) failed: ${(e as Error).message}`;
      progress.step(error);
      runs.push({ rule, rows: [], seconds: (Date.now() - started) / 1000, error });
    }
  }
  return runs;
}

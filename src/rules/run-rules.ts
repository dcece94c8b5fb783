// Run one rule against the graph. A rule only returns rows (subjectKey,
// evidence, ...): turning them into findings is the findings module's job
// (src/findings/build.ts), one rule at a time (src/findings/detect.ts).
import { internalQueryError } from '../graph/internal-query-error.js';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { RuleFile } from './rule-file.js';

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

/** The rule's rows; a rule that fails throws an error naming the rule and its file. */
export async function runRule(store: GraphStore, rule: RuleFile, now: string, config: Config): Promise<Record<string, unknown>[]> {
  try {
    return await store.read(rule.cypher, { ...ruleParams(rule, config), now });
  } catch (e) {
    // Names the rule and its file, and says what to do (a store timeout reads differently from a broken query).
    throw internalQueryError(e, { step: `rule ${rule.id}`, query: rule.file });
  }
}

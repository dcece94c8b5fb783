// The config's rule overrides checked against the rule files before anything
// is written: a misspelled rule id or threshold is an error naming the key
// (with the closest name), never a silently ignored setting.
import type { Config } from '../config/schema.js';
import { UsageError } from '../util/errors.js';
import { closest } from '../util/did-you-mean.js';
import type { RuleFile } from './rule-file.js';

const SWITCHES = new Set(['enabled', 'severity']);

export function checkRuleOverrides(config: Config, rules: RuleFile[], file = 'driftgraph.yaml'): void {
  const problems: string[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, override] of Object.entries(config.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      problems.push(`rules.${id}: no such rule${hint(id, [...byId.keys()])}`);
      continue;
    }
    const known = [...Object.keys(rule.params), ...SWITCHES];
    for (const key of Object.keys(override ?? {})) {
      if (SWITCHES.has(key) || key in rule.params) continue;
      problems.push(`rules.${id}.${key}: ${rule.id} has no such setting${hint(key, known)} (it takes ${known.join(', ')})`);
    }
  }
  if (problems.length) throw new UsageError(`config ${file} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

function hint(name: string, candidates: string[]): string {
  const c = closest(name, candidates);
  return c ? `; did you mean "${c}"?` : '';
}

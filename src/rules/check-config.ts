// The config's rule overrides checked against the rule files before anything
// is written: a misspelled rule id or threshold is an error naming the key
// (with the closest name), never a silently ignored setting; a threshold out
// of its range (negative days, a share above 1) is an error too.
import type { Config } from '../config/schema.js';
import { configFileOf } from '../config/config-file.js';
import { UsageError } from '../util/errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { RuleFile } from './rule-file.js';
import { thresholdProblem } from './threshold-range.js';

const SWITCHES = new Set(['enabled', 'severity']);

export function checkRuleOverrides(config: Config, rules: RuleFile[], file = configFileOf(config)): void {
  const problems: string[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, override] of Object.entries(config.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      problems.push(`rules.${id}: no such rule${didYouMean(id, byId.keys())}`);
      continue;
    }
    const known = [...Object.keys(rule.params), ...SWITCHES];
    for (const [key, value] of Object.entries(override ?? {})) {
      if (SWITCHES.has(key)) continue;
      if (!(key in rule.params)) {
        problems.push(`rules.${id}.${key}: ${rule.id} has no such setting${didYouMean(key, known)} (it takes ${known.join(', ')})`);
        continue;
      }
      const why = typeof value === 'number' ? thresholdProblem(key, value) : null;
      if (why) problems.push(`rules.${id}.${key}: ${why}`);
    }
  }
  if (problems.length) throw new UsageError(`config ${file} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

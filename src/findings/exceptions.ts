// exceptions.yaml: accepted risks. A matching finding is `excepted` until the
// exception expires, then open again (and the weekly report says so).
import { readFile } from 'node:fs/promises';
import { parse } from '../bundled/yaml.js';
import { z } from '../bundled/zod.js';
import { UsageError } from '../util/errors.js';
import type { Finding } from './finding.js';
import { startOfDay } from '../util/time.js';
import { closest } from '../util/did-you-mean.js';
import { describeIssues, yamlErrorText } from '../config/issues.js';

const exceptionSchema = z
  .object({
    rule: z.string().min(1),
    /** The subject's id (ARN, key id, login, employee id, ...) or a finding id. */
    subject: z.string().min(1),
    reason: z.string().min(1),
    approvedBy: z.string().min(1),
    /** Required: an accepted risk is accepted until a day, never forever. */
    expires: z.union([z.string(), z.date()]),
    entitlement: z.string().optional(),
  })
  .strict();

export type RiskException = z.infer<typeof exceptionSchema> & { expiresAt: string };

export interface ExceptionRules {
  /** Rule ids that exist (an exception for another id is a typo). */
  ruleIds: string[];
  /** The scan's now: `expires` may be at most `maxDays` after it. */
  now: string;
  maxDays: number;
}

export const DEFAULT_EXCEPTION_MAX_DAYS = 365;

export async function loadExceptions(file: string, explicit: boolean, rules: ExceptionRules): Promise<RiskException[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return [];
    throw new UsageError(`exceptions file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? [];
  } catch (e) {
    throw new UsageError(`exceptions file ${file} ${yamlErrorText(e)}`);
  }
  if (!Array.isArray(raw)) {
    throw new UsageError(`exceptions file ${file}: expected a list of exceptions (- rule: ..., subject: ..., ...), found a ${raw === null ? 'null' : typeof raw === 'object' ? 'mapping' : typeof raw}`);
  }
  const parsed = z.array(exceptionSchema).safeParse(raw);
  if (!parsed.success) {
    const label = (p: readonly PropertyKey[]) => `entry ${Number(p[0]) + 1}${p.length > 1 ? ` ${p.slice(1).map(String).join('.')}` : ''}`;
    const lines = describeIssues(parsed.error.issues, raw, z.array(exceptionSchema) as never, label, (p) => p.slice(1).map(String).join('.')).map((l) => `  ${l.replace(/^(entry \d+ expires): required, but missing$/, '$1: required, but missing (the day the accepted risk ends, YYYY-MM-DD)')}`);
    throw new UsageError(`exceptions file ${file} is invalid:\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  const latest = Date.parse(rules.now) + rules.maxDays * 86_400_000;
  const out = parsed.data.map((x, n) => {
    const at = `  entry ${n + 1} (${x.rule} ${x.subject})`;
    if (x.rule !== '*' && !rules.ruleIds.includes(x.rule)) {
      const hint = closest(x.rule, rules.ruleIds);
      problems.push(`${at}: no rule ${x.rule}${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    const date = x.expires instanceof Date ? x.expires.toISOString().slice(0, 10) : x.expires.trim();
    let expiresAt = '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      problems.push(`${at}: expires ${JSON.stringify(date.slice(0, 40))} is not an ISO date (YYYY-MM-DD)`);
    } else {
      try {
        // Excepted until that day starts, UTC (as before: the date is the first day it is open again).
        expiresAt = startOfDay(date);
      } catch {
        problems.push(`${at}: expires ${date} is not a real calendar date`);
      }
    }
    if (expiresAt && Date.parse(expiresAt) > latest) {
      problems.push(`${at}: expires ${date} is more than ${rules.maxDays} days ahead (exceptions.maxDays); approve it again nearer the time`);
    }
    return { ...x, expiresAt };
  });
  if (problems.length) throw new UsageError(`exceptions file ${file} is invalid:\n${problems.join('\n')}`);
  return out;
}

/** The exception covers this finding (its rule, its subject or id, its entitlement when given). */
export function exceptionMatches(x: RiskException, f: Finding): boolean {
  if (x.rule !== f.ruleId && x.rule !== '*') return false;
  if (x.entitlement !== undefined && x.entitlement !== f.entitlement) return false;
  return x.subject === f.subject.id || x.subject === f.id;
}

/** The exception in force for this finding at `now`, and one that expired. */
export function exceptionFor(
  exceptions: RiskException[],
  f: Finding,
  now: string,
): { active: RiskException | null; expired: RiskException | null } {
  let active: RiskException | null = null;
  let expired: RiskException | null = null;
  for (const x of exceptions) {
    if (!exceptionMatches(x, f)) continue;
    if (x.expiresAt > now) active = x;
    else expired = x;
  }
  return { active, expired };
}

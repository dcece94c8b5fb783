// exceptions.yaml: accepted risks. A matching finding is `excepted` until the
// exception expires, then open again (and the weekly report says so).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import type { Finding } from './finding.js';
import { toInstant } from '../util/time.js';

const exceptionSchema = z
  .object({
    rule: z.string(),
    /** The subject's id (ARN, key id, login, employee id, ...) or a finding id. */
    subject: z.string(),
    reason: z.string(),
    approvedBy: z.string(),
    expires: z.union([z.string(), z.date()]).optional(),
    entitlement: z.string().optional(),
  })
  .strict();

export type RiskException = z.infer<typeof exceptionSchema> & { expiresAt: string | null };

export async function loadExceptions(file: string, explicit: boolean): Promise<RiskException[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return [];
    throw new UsageError(`exceptions file ${file}: cannot be read (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? [];
  } catch (e) {
    throw new UsageError(`exceptions file ${file}: not valid YAML: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { exceptions?: unknown }).exceptions;
  const parsed = z.array(exceptionSchema).safeParse(list ?? []);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  [${i.path.join('.')}]: ${i.message}`);
    throw new UsageError(`exceptions file ${file} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data.map((x, n) => {
    let expiresAt: string | null = null;
    try {
      expiresAt = x.expires === undefined ? null : toInstant(x.expires);
    } catch {
      throw new UsageError(`exceptions file ${file}: entry ${n + 1} expires ${String(x.expires)} is not a date`);
    }
    return { ...x, expiresAt };
  });
}

function matches(x: RiskException, f: Finding): boolean {
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
    if (!matches(x, f)) continue;
    if (x.expiresAt === null || x.expiresAt > now) active = x;
    else expired = x;
  }
  return { active, expired };
}

// `scan --fail-on SEVERITY`: a CI gate. Exit 3 when the store holds open
// findings (not excepted, not resolved) at or above SEVERITY after the scan;
// a failed source (exit 1) still wins, since then the findings are incomplete.
import type { GraphStore } from '../graph/store.js';
import { readFindings } from '../findings/finding-store.js';
import { SEVERITIES, type Severity } from '../rules/rule-file.js';
import { UsageError } from '../util/errors.js';

export const FAIL_ON_EXIT = 3;

export function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const s = value.toLowerCase() as Severity;
  if (!SEVERITIES.includes(s)) throw new UsageError(`--fail-on ${value}: one of ${SEVERITIES.join(', ')}`);
  return s;
}

/** The scan's exit code with the gate applied; `openStore` opens the store the scan wrote (read-only). */
export async function gatedExitCode(
  openStore: () => Promise<GraphStore>,
  scanExitCode: number,
  failOn: Severity | undefined,
): Promise<number> {
  if (scanExitCode !== 0 || !failOn) return scanExitCode;
  const limit = SEVERITIES.indexOf(failOn);
  const store = await openStore();
  let findings;
  try {
    findings = await readFindings(store);
  } finally {
    await store.close();
  }
  const open = findings.filter((f) => f.status === 'open' && SEVERITIES.indexOf(f.severity) <= limit);
  if (!open.length) return scanExitCode;
  process.stderr.write(`--fail-on ${failOn}: ${open.length} open finding(s) at or above ${failOn}\n`);
  return FAIL_ON_EXIT;
}

// The summary a scan prints: each source's outcome, what linking found, and
// the findings by severity and rule. Errors, warnings and titles carry
// provider names: each goes through terminalSafe (tables do it per cell).
import { terminalSafe } from '../util/escape.js';
import type { ScanResult } from '../scan/run-scan.js';
import { SEVERITIES } from '../rules/rule-file.js';
import { toTable } from './output.js';

export function scanSummary(r: ScanResult): string {
  const out: string[] = [];
  out.push(`driftgraph scan as of ${terminalSafe(r.now)}`);
  out.push('');
  out.push(
    toTable(
      ['source', 'status', 'containers', 'nodes', 'relationships', 'removed', 'detail'],
      r.outcomes.map((o) => ({
        source: o.source,
        status: o.status,
        containers: o.containers.filter(Boolean).join(' '),
        nodes: o.status === 'loaded' ? o.nodes : '',
        relationships: o.status === 'loaded' ? o.edges : '',
        removed: o.status === 'loaded' ? o.removed : '',
        detail: o.status === 'failed' ? 'see errors below' : o.reason ?? (o.warnings.length ? `${o.warnings.length} warning(s)` : ''),
      })),
    ).trimEnd(),
  );
  for (const o of r.outcomes.filter((x) => x.errors.length)) {
    out.push('');
    out.push(`ERROR ${terminalSafe(o.source)} failed (nothing it loaded before was changed):`);
    for (const e of o.errors) out.push(`  ${terminalSafe(e)}`);
  }
  const warnings = r.outcomes.flatMap((o) => o.warnings.map((w) => `${o.source}: ${w}`));
  if (warnings.length) {
    out.push('');
    out.push(`warnings (${warnings.length}):`);
    for (const w of warnings.slice(0, 10)) out.push(`  ${terminalSafe(w)}`);
    if (warnings.length > 10) out.push(`  ... and ${warnings.length - 10} more`);
  }
  for (const run of r.rules.filter((x) => x.error)) out.push(`ERROR ${terminalSafe(run.error)}`);
  out.push('');
  out.push(
    `linked ${r.derived.links} account(s) to people; ${r.derived.nhis} non-human identities, ` +
      `${r.derived.ownedNhis} with an owner`,
  );
  const all = r.rules.flatMap((x) => x.findings);
  const bySeverity = SEVERITIES.map((s) => `${all.filter((f) => f.severity === s).length} ${s}`).join(', ');
  out.push(`findings this scan: ${all.length} (${bySeverity})`);
  const l = r.lifecycle;
  out.push(
    `  ${l.new} new, ${l.stillOpen} still open, ${l.reopened} reopened, ${l.resolved} resolved, ` +
      `${l.excepted} excepted${l.kept ? `, ${l.kept} kept unresolved (their source did not load completely)` : ''}`,
  );
  return out.join('\n') + '\n';
}

/** Findings grouped by rule, for people reading the terminal. */
export function findingsByRule(r: ScanResult): string {
  const out: string[] = [];
  for (const run of r.rules) {
    if (!run.findings.length) continue;
    out.push('');
    out.push(`${terminalSafe(run.rule.id)} (${run.findings.length})`);
    for (const f of run.findings) out.push(`  [${f.severity}] ${terminalSafe(f.title)}`);
  }
  return out.join('\n') + '\n';
}

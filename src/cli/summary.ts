// The summary a scan prints: each source's outcome, what linking found, and
// the findings by severity and rule. Errors, warnings and titles carry
// provider names: each goes through terminalSafe (tables do it per cell).
import { terminalSafe } from '../util/escape.js';
import type { ScanResult } from '../scan/run-scan.js';
import { SEVERITIES } from '../rules/rule-file.js';
import { toTable } from '../util/output.js';

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
        nodes: wrote(o) ? o.nodes : '',
        relationships: wrote(o) ? o.edges : '',
        removed: wrote(o) ? o.removed : '',
        detail:
          o.status === 'failed' || (o.status === 'partial' && o.failedContainers.length)
            ? `${o.failedContainers.length} failed: see errors below`
            : o.incomplete?.length
              ? `${o.incomplete.length} missing file(s) since the last scan: see below`
            : o.reason ?? (o.warnings.length ? `${o.warnings.length} warning(s)` : ''),
      })),
    ).trimEnd(),
  );
  for (const o of r.outcomes.filter((x) => x.failedContainers.length)) {
    out.push('');
    if (o.status === 'partial') {
      out.push(`ERROR ${terminalSafe(o.source)}: ${o.failedContainers.length} container(s) failed; nothing of them was changed or resolved (the others loaded):`);
    } else if (o.writeFailed && o.takenBack) {
      out.push(`ERROR ${terminalSafe(o.source)} failed while writing: what the failing container wrote was taken back; nothing was removed or resolved:`);
    } else if (o.writeFailed) {
      out.push(`ERROR ${terminalSafe(o.source)} failed while writing: ${o.nodes} node(s) and ${o.edges} relationship(s) were written before the failure; nothing was removed or resolved:`);
    } else {
      out.push(`ERROR ${terminalSafe(o.source)} failed (nothing it loaded before was changed or resolved):`);
    }
    for (const f of o.failedContainers) out.push(`  ${terminalSafe(f.container ? `${f.container}: ` : '')}${terminalSafe(f.error)}`);
  }
  for (const o of r.outcomes) {
    for (const x of o.incomplete ?? []) {
      out.push('');
      out.push(`INCOMPLETE ${terminalSafe(o.source)}${x.container ? ` ${terminalSafe(x.container)}` : ''}: ${terminalSafe(x.missing.join(', '))} missing since an earlier scan read it; nothing of it was removed or resolved (scan with --accept-removals if it is gone for good)`);
    }
  }
  const warnings = r.outcomes.flatMap((o) => o.warnings.map((w) => `${o.source}: ${w}`));
  if (warnings.length) {
    out.push('');
    out.push(`warnings (${warnings.length}):`);
    for (const w of warnings.slice(0, 10)) out.push(`  ${terminalSafe(w)}`);
    if (warnings.length > 10) out.push(`  ... and ${warnings.length - 10} more`);
  }
  for (const w of r.warnings) out.push(`WARNING ${terminalSafe(w)}`);
  for (const run of r.rules.filter((x) => x.error)) out.push(`ERROR ${terminalSafe(run.error)}`);
  for (const run of r.rules.filter((x) => x.notRun)) out.push(`rule ${terminalSafe(run.rule.id)} not run: ${terminalSafe(run.notRun)}`);
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

function wrote(o: { status: string }): boolean {
  return o.status === 'loaded' || o.status === 'partial';
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

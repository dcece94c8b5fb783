// The few lines `driftgraph report` prints: warnings first, the headline
// numbers, and where the files went. Provider values go through terminalSafe.
import { terminalSafe as t } from '../../src/util/escape.js';
import type { ReportFigures } from '../report-data.js';
import { hours, instant } from './labels.js';
import { ageWords } from '../../src/util/data-age.js';
import { revocationTerminal } from './revocation-sections.js';
import { append } from '../../src/util/arrays.js';

export function terminalSummary(f: ReportFigures, files: string[]): string {
  const out: string[] = [];
  for (const w of f.warnings) out.push(`WARNING ${t(w)}`);
  if (f.warnings.length) out.push('');
  const o = f.findings.open;
  out.push(`drift report ${instant(f.period.since)} – ${instant(f.period.until)} (${f.period.scans} scan(s))`);
  if (f.latestScan?.ageHours !== undefined) out.push(`  data as of ${instant(f.latestScan.now)}: ${ageWords(f.latestScan.ageHours)}`);
  out.push(`  open: ${o.critical} critical, ${o.high} high, ${o.medium} medium, ${o.low} low`);
  out.push(`  this period: ${f.findings.new} new, ${f.findings.resolved} resolved, ${f.findings.reopened} reopened`);
  const lv = f.timeToRevoke.leavers;
  out.push(`  time to revoke (leavers): median ${hours(lv.median)}, p90 ${hours(lv.p90)}; ${lv.pending} still with access`);
  for (const p of lv.pendingList.slice(0, 5)) out.push(`    ${t(p.name ?? '')} <${t(p.email ?? p.person)}> left ${p.since.slice(0, 10)}, waiting ${hours(p.ageHours)}`);
  append(out, revocationTerminal(f.revocations));
  for (const s of f.sources.filter((x) => x.status !== 'loaded' && x.lastLoaded)) {
    out.push(`  source ${t(s.source)}: ${t(s.status)} (last complete load ${instant(s.lastLoaded)})`);
  }
  for (const file of files) out.push(`written ${t(file)}`);
  return out.join('\n') + '\n';
}

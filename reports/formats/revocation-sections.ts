// The report's part about driftgraph's own revocations, in each format: time
// to revoke split into automatic and manual, what was sent, failed or undone
// in the period, and the approvals waiting. An action's summary and error
// carry provider values: each format escapes them its own way.
import { escapeMarkdown as md, markdownTableCell as cell, terminalSafe } from '../../src/util/escape.js';
import type { ReportFigures, RevocationActionLine, SplitFigures } from '../report-data.js';
import { h2, kpi, para, table } from './html-parts.js';
import { day, hours, instant } from './labels.js';

type Figures = ReportFigures['revocations'];

const counts = (r: Figures) =>
  `${r.sent} revocation(s) sent by driftgraph this period (${r.sentByPolicy} by a routine policy line, ${r.sentByApproval} after an approval); ${r.failed.length} failed, ${r.undone.length} undone; ${r.awaitingApproval.length} waiting for an approval.`;

const splitCells = (s: SplitFigures) => [hours(s.median), hours(s.p90), s.revoked];

// A team that never turned revocation on gets no section: nothing to say.
export function revocationMarkdown(r: Figures): string[] {
  if (!r.recorded) return [];
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const item = (a: RevocationActionLine) => `- ${md(a.summary)} (\`${a.findingId}\`, ${day(a.at)})${a.detail ? `: ${md(a.detail)}` : ''}`;
  return [
    '## Revocations by driftgraph',
    '',
    '| | automatic: median | p90 | revoked | manual: median | p90 | revoked |',
    '|---|---|---|---|---|---|---|',
    row(['leavers', ...splitCells(r.timeToRevoke.leavers.automatic), ...splitCells(r.timeToRevoke.leavers.manual)]),
    row(['movers', ...splitCells(r.timeToRevoke.movers.automatic), ...splitCells(r.timeToRevoke.movers.manual)]),
    '',
    counts(r),
    '',
    ...(r.failed.length ? [`### Failed (${r.failed.length}): the next revoke run retries them`, '', ...r.failed.map(item), ''] : []),
    ...(r.undone.length ? [`### Undone (${r.undone.length})`, '', ...r.undone.map(item), ''] : []),
    ...(r.awaitingApproval.length
      ? [`### Waiting for an approval (${r.awaitingApproval.length})`, '', ...r.awaitingApproval.map((a) => `- **${cell(a.severity)}** ${md(a.summary)} (\`${a.findingId}\`, planned ${day(a.plannedAt)}): \`driftgraph revoke approve ${a.findingId} --by EMAIL --reason TEXT\``), '']
      : []),
  ];
}

export function revocationHtml(r: Figures): string[] {
  if (!r.recorded) return [];
  const t = r.timeToRevoke;
  const k = (key: string, s: SplitFigures) => [kpi(`revocations.timeToRevoke.${key}.median`, s.median, hours(s.median)), kpi(`revocations.timeToRevoke.${key}.p90`, s.p90, hours(s.p90)), kpi(`revocations.timeToRevoke.${key}.revoked`, s.revoked)];
  const lines = (xs: RevocationActionLine[]) => xs.map((a) => [a.summary, a.findingId, instant(a.at), a.detail ?? '']);
  return [
    h2('Revocations by driftgraph'),
    table(
      ['', 'automatic: median', 'p90', 'revoked', 'manual: median', 'p90', 'revoked'],
      [
        ['Leavers', ...k('leavers.automatic', t.leavers.automatic), ...k('leavers.manual', t.leavers.manual)],
        ['Movers', ...k('movers.automatic', t.movers.automatic), ...k('movers.manual', t.movers.manual)],
      ],
    ),
    para(counts(r)),
    ...(r.failed.length ? [h2(`Revocations that failed (${r.failed.length})`), table(['action', 'finding', 'when', 'failed call'], lines(r.failed))] : []),
    ...(r.undone.length ? [h2(`Revocations undone (${r.undone.length})`), table(['action', 'finding', 'when', 'by'], lines(r.undone))] : []),
    ...(r.awaitingApproval.length
      ? [h2(`Revocations waiting for an approval (${r.awaitingApproval.length})`), table(['severity', 'action', 'finding', 'planned'], r.awaitingApproval.map((a) => [a.severity, a.summary, a.findingId, day(a.plannedAt)]))]
      : []),
  ];
}

export function revocationTerminal(r: Figures): string[] {
  if (!r.recorded) return [];
  const a = r.timeToRevoke.leavers.automatic;
  const m = r.timeToRevoke.leavers.manual;
  const out = [`  revocations: ${r.sent} sent by driftgraph, ${r.failed.length} failed, ${r.undone.length} undone, ${r.awaitingApproval.length} waiting for an approval; leavers automatic median ${hours(a.median)} (${a.revoked}), manual median ${hours(m.median)} (${m.revoked})`];
  for (const f of r.failed.slice(0, 5)) out.push(`    failed: ${terminalSafe(f.summary)}: ${terminalSafe(f.detail ?? '')}`);
  return out;
}

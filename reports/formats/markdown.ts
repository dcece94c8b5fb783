// The report as Markdown (a file in --out; reads in a terminal, a ticket or
// a wiki). Each finding appears once: new, reopened, resolved, exception
// expired, or still open from before; each list shows its first LIST_LIMIT,
// like the HTML, and says where the rest are (the CSV holds every open one). Provider values go through
// escapeMarkdown (a code span; markdownTableCell in tables): a name cannot
// make a link, an image, a mention or a heading.
import { ageWords } from '../../src/util/data-age.js';
import { append } from '../../src/util/arrays.js';
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { escapeMarkdown as md, markdownTableCell as cell } from '../../src/util/escape.js';
import type { ReportData } from '../report-data.js';
import { day, findingWho, hours, instant, share, subjectText } from './labels.js';
import { stillOpen } from './sections.js';
import { LIST_LIMIT, type FindingList } from '../finding-lists.js';
import { revocationMarkdown } from './revocation-sections.js';

function line(f: StoredFinding, extra = ''): string {
  const who = findingWho(f);
  return `- **${f.severity}** ${md(f.title)} — ${md(subjectText(f))}${who ? ` (${md(who)})` : ''} \`${f.ruleId}\`${extra}`;
}

/** A list, capped like the HTML's: the first LIST_LIMIT, then where the rest are. */
function section(title: string, list: FindingList, empty: string, csv: string | null, extra?: (f: StoredFinding) => string): string[] {
  const shown = list.shown.slice(0, LIST_LIMIT);
  const out = [`## ${title} (${list.ids.length})`, ''];
  if (!list.ids.length) out.push(empty);
  for (const f of shown) out.push(line(f, extra?.(f)));
  const left = list.ids.length - shown.length;
  if (left > 0) {
    out.push(csv ? `- … and ${left} more in ${csv}, which holds every open finding.` : `- … and ${left} more: \`driftgraph findings --status resolved\` lists them.`);
  }
  out.push('');
  return out;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** `csv`: the name of the open findings' CSV beside it, where the lists' overflow is. */
export function reportMarkdown(data: ReportData, charts: { id: string; alt: string }[] = [], csv = 'the open findings CSV'): string {
  const f = data.figures;
  const lv = f.timeToRevoke.leavers;
  const mv = f.timeToRevoke.movers;
  const age = f.latestScan?.ageHours !== undefined ? ` Data as of ${instant(f.latestScan.now)}: ${ageWords(f.latestScan.ageHours)}.` : '';
  const out: string[] = ['# Entitlement drift report', '', `Period ${instant(f.period.since)} (exclusive) to ${instant(f.period.until)}; ${f.period.scans} scan(s).${age}`, ''];
  if (f.warnings.length) {
    out.push('## ⚠ Warning: this report\'s data cannot be fully trusted', '');
    for (const w of f.warnings) out.push(`- **${md(w)}**`);
    out.push('');
  }
  out.push(
    '| severity | open | new this period |',
    '|---|---|---|',
    ...(['critical', 'high', 'medium', 'low'] as const).map((s) => row([s, f.findings.open[s], f.findings.newBySeverity[s]])),
    row(['**total**', f.findings.open.total, f.findings.new]),
    '',
    `${f.findings.new} new, ${f.findings.resolved} resolved, ${f.findings.reopened} reopened this period; ${f.findings.excepted} excepted.`,
    '',
    '## Time to revoke',
    '',
    '| | median | p90 | revoked this period | still waiting |',
    '|---|---|---|---|---|',
    row(['leavers', hours(lv.median), hours(lv.p90), lv.revoked, lv.pending]),
    row(['movers', hours(mv.median), hours(mv.p90), mv.revoked, mv.pending]),
    row(['findings (first seen to resolved)', hours(f.findings.timeToResolve.median), `mean ${hours(f.findings.timeToResolve.mean)}`, f.findings.timeToResolve.count, '']),
    '',
  );
  append(out, revocationMarkdown(f.revocations));
  // The alt text is ours (words and counts), never a provider value.
  for (const c of charts) out.push(`![${c.alt.replace(/[[\]]/g, '')}](${c.id}.png)`, '');
  out.push(`## Leavers who still have access (${lv.pendingList.length})`, '');
  if (!lv.pendingList.length) out.push('Every leaver\'s access is gone.');
  for (const p of lv.pendingList) out.push(`- ${md(p.name ?? p.person)} ${p.email ? `(${md(p.email)})` : ''} left ${day(p.since)}, waiting ${hours(p.ageHours)}`);
  out.push('', '## Data freshness', '', '| source | status | last complete load | containers |', '|---|---|---|---|');
  for (const s of f.sources) {
    const containers = s.containers.map((c) => `${c.container}: ${c.status}`).join(', ');
    out.push(row([cell(s.source), s.status === 'loaded' ? s.status : `**${s.status.toUpperCase()}**`, instant(s.lastLoaded), containers ? cell(containers) : '']));
  }
  out.push(
    '',
    '## Standing risk',
    '',
    `- Leavers' credentials still valid 5 days after leaving: ${f.leaverCredentials.stillValidAfter5Days} of ${f.leaverCredentials.credentials} (${share(f.leaverCredentials.share)})`,
    `- Non-human identities without an owner: ${f.nhis.withoutOwner} of ${f.nhis.total} (${share(f.nhis.withoutOwnerShare)})`,
    `- Credentials without an expiry: ${f.credentials.withoutExpiry} of ${f.credentials.active} active`,
    `- Ticket closed but access remained: ${f.findings.revocationUnverified}`,
    `- Exceptions: ${f.exceptions.active} active, ${f.exceptions.expiringIn14Days} expiring within 14 days, ${f.exceptions.expired} expired`,
    '',
    ...(f.reviews.length
      ? ['## Access reviews in progress', '', '| campaign | scope | due | answered | open |', '|---|---|---|---|---|', ...f.reviews.map((r) => row([cell(r.campaign), r.scope, `${day(r.due)}${r.overdue ? ' **overdue**' : ''}`, `${r.decided} of ${r.items}`, r.open])), '']
      : []),
    '## Open findings by owner team',
    '',
    '| team | critical | high | medium | low | total |',
    '|---|---|---|---|---|---|',
    ...f.byTeam.map((t) => row([cell(t.team), t.critical, t.high, t.medium, t.low, t.total])),
    '',
  );
  const L = data.lists;
  out.push(`Each list shows its ${LIST_LIMIT} most severe findings; ${md(csv)} holds every open finding.`, '');
  append(out, section('New', L.new, 'Nothing new.', csv));
  append(out, section('Reopened', L.reopened, 'Nothing reopened.', csv));
  append(out, section('Resolved', L.resolved, 'Nothing resolved.', null, (x) => `, resolved ${day(x.resolvedAt)}`));
  append(out, section('Exceptions that expired', L.exceptionExpired, 'No exception expired.', csv));
  append(out, section('Still open from before', stillOpen(data), 'Nothing else is open.', csv, (x) => `, since ${day(x.firstSeen)}`));
  return out.join('\n').trimEnd() + '\n';
}

// The report as an HTML email: one 640-pixel table, inline styles, charts as
// images (CID attachments in the mail, PNG files beside the HTML on disk).
// Every provider value goes through escapeHtml (html-parts does it for each
// cell): a name cannot inject markup, links or images.
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { ageWords } from '../../src/util/data-age.js';
import { escapeHtml } from '../../src/util/escape.js';
import type { ReportData } from '../report-data.js';
import { C, FONT, h2, image, kpi, para, raw, severityBadge, table, tiles, warningBlock, SEVERITY_BG } from './html-parts.js';
import { day, findingWho, hours, instant, share, subjectText } from './labels.js';
import { stillOpen } from './sections.js';
import { LIST_LIMIT, type FindingList } from '../finding-lists.js';
import { revocationHtml } from './revocation-sections.js';
import { append } from '../../src/util/arrays.js';

export interface HtmlChart {
  id: string;
  alt: string;
  width: number;
  height: number;
}

export interface HtmlOptions {
  charts: HtmlChart[];
  /** Where an image comes from: `cid:<id>` in a mail, `<id>.png` on disk. */
  imageSrc: (id: string) => string;
  /** A per-team mail says whose findings it holds. */
  scope?: string;
  /** How many findings a list shows before pointing at the CSV. */
  listLimit?: number;
}

function findingRows(list: FindingList, limit: number, when?: (f: StoredFinding) => string) {
  return list.shown.slice(0, limit).map((f) => [
    severityBadge(f.severity),
    f.title,
    subjectText(f),
    findingWho(f) || '–',
    ...(when ? [when(f)] : []),
  ]);
}

/** The open findings a list leaves out are in the CSV; resolved ones are not open, and the findings command lists them. */
function more(list: FindingList, limit: number, resolved = false): string {
  const left = list.ids.length - Math.min(limit, list.shown.length);
  if (left <= 0) return '';
  return para(resolved ? `… and ${left} more: driftgraph findings --status resolved lists them.` : `… and ${left} more in the attached CSV, which holds every open finding.`);
}

export function reportHtml(data: ReportData, o: HtmlOptions): string {
  const f = data.figures;
  const limit = o.listLimit ?? LIST_LIMIT;
  const lv = f.timeToRevoke.leavers;
  const mv = f.timeToRevoke.movers;
  const rows: string[] = [];
  rows.push(
    `<tr><td bgcolor="${C.text}" style="${FONT}padding:18px 24px;background-color:${C.text};color:#ffffff;"><div style="font-size:20px;font-weight:bold;color:#ffffff;">Entitlement drift report</div><div style="font-size:13px;color:#ffffff;">${escapeHtml(instant(f.period.since))} – ${escapeHtml(instant(f.period.until))} · ${f.period.scans} scan(s) in the period${f.latestScan?.ageHours !== undefined ? ` · data as of ${escapeHtml(instant(f.latestScan.now))}, ${ageWords(f.latestScan.ageHours)}` : ''}${o.scope ? ` · ${escapeHtml(o.scope)}` : ''}</div></td></tr>`,
  );
  rows.push(warningBlock(f.warnings));
  rows.push(h2('Open findings'));
  rows.push(
    tiles([
      { label: 'critical', key: 'findings.open.critical', value: f.findings.open.critical, bg: SEVERITY_BG.critical },
      { label: 'high', key: 'findings.open.high', value: f.findings.open.high, bg: SEVERITY_BG.high },
      { label: 'medium', key: 'findings.open.medium', value: f.findings.open.medium, bg: SEVERITY_BG.medium },
      { label: 'low', key: 'findings.open.low', value: f.findings.open.low, bg: SEVERITY_BG.low },
    ]),
  );
  rows.push(h2('This period'));
  rows.push(
    tiles([
      { label: 'new', key: 'findings.new', value: f.findings.new },
      { label: 'resolved', key: 'findings.resolved', value: f.findings.resolved },
      { label: 'reopened', key: 'findings.reopened', value: f.findings.reopened },
      { label: 'leavers still with access', key: 'timeToRevoke.leavers.pending', value: lv.pending },
    ]),
  );
  rows.push(h2('How fast access is revoked'));
  rows.push(
    table(
      ['', 'median', 'p90', 'revoked this period', 'still waiting'],
      [
        ['Leavers (leave → last access gone)', kpi('timeToRevoke.leavers.median', lv.median, hours(lv.median)), kpi('timeToRevoke.leavers.p90', lv.p90, hours(lv.p90)), kpi('timeToRevoke.leavers.revoked', lv.revoked), kpi('timeToRevoke.leavers.pending', lv.pending)],
        ['Movers (move → last residual entitlement gone)', kpi('timeToRevoke.movers.median', mv.median, hours(mv.median)), kpi('timeToRevoke.movers.p90', mv.p90, hours(mv.p90)), kpi('timeToRevoke.movers.revoked', mv.revoked), kpi('timeToRevoke.movers.pending', mv.pending)],
        ['Findings (first seen → resolved)', kpi('findings.timeToResolve.median', f.findings.timeToResolve.median, hours(f.findings.timeToResolve.median)), raw(`mean ${escapeHtml(hours(f.findings.timeToResolve.mean))}`), kpi('findings.timeToResolve.count', f.findings.timeToResolve.count), ''],
      ],
    ),
  );
  append(rows, revocationHtml(f.revocations));
  for (const c of o.charts) rows.push(image(o.imageSrc(c.id), c.alt, c.width, c.height));
  rows.push(h2('Leavers who still have access'));
  rows.push(table(['person', 'left', 'waiting'], lv.pendingList.map((p) => [p.name ? `${p.name} <${p.email ?? ''}>` : p.email ?? p.person, day(p.since), hours(p.ageHours)]), 'Every leaver\'s access is gone.'));
  rows.push(h2('Can this data be trusted?'));
  rows.push(
    table(
      ['source', 'status', 'last complete load', 'containers'],
      f.sources.map((s) => [
        s.source,
        raw(s.status === 'loaded' ? escapeHtml(s.status) : `<strong style="color:${C.warnLine};">${escapeHtml(s.status.toUpperCase())}</strong>`),
        instant(s.lastLoaded),
        s.containers.map((c) => `${c.container}: ${c.status}${c.status === 'loaded' ? '' : ` (last ${day(c.lastLoaded)})`}`).join(', '),
      ]),
      'No scan recorded any source.',
    ),
  );
  rows.push(h2('Standing risk'));
  rows.push(
    table(
      ['measure', 'value'],
      [
        ["Leavers' credentials still valid 5 days after leaving", raw(`${kpi('leaverCredentials.stillValidAfter5Days', f.leaverCredentials.stillValidAfter5Days).html} of ${kpi('leaverCredentials.credentials', f.leaverCredentials.credentials).html} (${escapeHtml(share(f.leaverCredentials.share))})`)],
        ['Non-human identities without an owner', raw(`${kpi('nhis.withoutOwner', f.nhis.withoutOwner).html} of ${kpi('nhis.total', f.nhis.total).html} (${escapeHtml(share(f.nhis.withoutOwnerShare))})`)],
        ['Credentials without an expiry (of active ones)', raw(`${kpi('credentials.withoutExpiry', f.credentials.withoutExpiry).html} of ${kpi('credentials.active', f.credentials.active).html}`)],
        ['Ticket closed but access remained', kpi('findings.revocationUnverified', f.findings.revocationUnverified)],
        ['Exceptions active / expiring in 14 days / expired', raw(`${kpi('exceptions.active', f.exceptions.active).html} / ${kpi('exceptions.expiringIn14Days', f.exceptions.expiringIn14Days).html} / ${kpi('exceptions.expired', f.exceptions.expired).html}`)],
      ],
    ),
  );
  if (f.reviews.length) {
    rows.push(h2('Access reviews in progress'));
    rows.push(table(['campaign', 'scope', 'due', 'answered', 'open'], f.reviews.map((r) => [r.campaign, r.scope, raw(`${escapeHtml(day(r.due))}${r.overdue ? ' <strong>overdue</strong>' : ''}`), `${r.decided} of ${r.items}`, r.open])));
  }
  rows.push(h2('Open findings by owner team'));
  rows.push(table(['team', 'critical', 'high', 'medium', 'low', 'total'], f.byTeam.map((t) => [t.team, t.critical, t.high, t.medium, t.low, t.total])));
  rows.push(h2('Open findings by account'));
  rows.push(table(['source', 'container', 'critical', 'high', 'medium', 'low', 'total'], f.byContainer.map((c) => [c.source, c.container || '–', c.critical, c.high, c.medium, c.low, c.total])));
  const L = data.lists;
  rows.push(h2(`New this period (${L.new.ids.length})`));
  rows.push(table(['severity', 'finding', 'subject', 'person / owners', 'status'], findingRows(L.new, limit, (x) => x.status), 'Nothing new.'));
  rows.push(more(L.new, limit));
  rows.push(h2(`Resolved this period (${L.resolved.ids.length})`));
  rows.push(table(['severity', 'finding', 'subject', 'person / owners', 'resolved'], findingRows(L.resolved, limit, (x) => day(x.resolvedAt)), 'Nothing resolved.'));
  rows.push(more(L.resolved, limit, true));
  rows.push(h2(`Reopened this period (${L.reopened.ids.length})`));
  rows.push(table(['severity', 'finding', 'subject', 'person / owners'], findingRows(L.reopened, limit), 'Nothing reopened.'));
  rows.push(more(L.reopened, limit));
  rows.push(h2(`Exceptions that expired (${L.exceptionExpired.ids.length})`));
  rows.push(table(['severity', 'finding', 'subject', 'person / owners'], findingRows(L.exceptionExpired, limit), 'No exception expired.'));
  rows.push(more(L.exceptionExpired, limit));
  const older = stillOpen(data);
  rows.push(h2(`Still open from before (${older.ids.length})`));
  rows.push(table(['severity', 'finding', 'subject', 'person / owners', 'since'], findingRows(older, limit, (x) => day(x.firstSeen)), 'Nothing else is open.'));
  rows.push(more(older, limit));
  rows.push(para('Every number is a saved query in queries/saved/ (report-*.cypher): run it with `driftgraph query --file` to check it. The open findings are attached as CSV.'));

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>Entitlement drift report</title>
<style>@media (prefers-color-scheme: dark){.dg-page{background-color:#0c111d !important;}}</style>
</head><body style="margin:0;padding:0;background-color:${C.page};">
<table role="presentation" class="dg-page" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${C.page}" style="background-color:${C.page};"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" bgcolor="${C.card}" style="width:640px;max-width:640px;background-color:${C.card};table-layout:fixed;">
${rows.filter(Boolean).join('\n')}
</table></td></tr></table></body></html>
`;
}

// GET /dashboard: the drift report's KPIs and charts, from the same figures
// and chart specs that build the weekly email (reports/).
import type { ReportFigures } from '../report-data.js';
import { html, seg, type SafeHtml } from '../../src/web/html.js';

const hoursText = (h: number | null) => (h === null ? '–' : h < 48 ? `${Math.round(h)} h` : `${(h / 24).toFixed(1)} d`);
const shareText = (s: number | null) => (s === null ? '–' : `${Math.round(s * 100)} %`);

function tile(label: string, value: string | number, kpi: string): SafeHtml {
  return html`<div class="tile"><div class="tile-value" data-kpi="${kpi}">${value}</div><div class="tile-label">${label}</div></div>`;
}

export function dashboardPage(f: ReportFigures, charts: { id: string; alt: string }[]): SafeHtml {
  const o = f.findings.open;
  return html`
<h1>Drift dashboard</h1>
<p class="summary">Period ${f.period.since.slice(0, 10)} to ${f.period.until.slice(0, 10)} · ${f.period.scans} scan(s) · the same figures as <code>driftgraph report --format json</code></p>
${f.warnings.length ? html`<div class="warnings"><h2>Can this data be trusted?</h2><ul>${f.warnings.map((w) => html`<li data-warning="1">${w}</li>`)}</ul></div>` : html`<p class="ok-note">No warnings: every source loaded in the period's last scan.</p>`}
<div class="tiles">
  ${tile('critical open', o.critical, 'findings.open.critical')}
  ${tile('high open', o.high, 'findings.open.high')}
  ${tile('medium open', o.medium, 'findings.open.medium')}
  ${tile('low open', o.low, 'findings.open.low')}
  ${tile('new this period', f.findings.new, 'findings.new')}
  ${tile('resolved', f.findings.resolved, 'findings.resolved')}
  ${tile('reopened', f.findings.reopened, 'findings.reopened')}
  ${tile('closed but not revoked', f.findings.revocationUnverified, 'findings.revocationUnverified')}
</div>
<h2>Time to revoke</h2>
<table class="kv">
  <tr><th>leavers: median</th><td data-kpi="timeToRevoke.leavers.median">${hoursText(f.timeToRevoke.leavers.median)}</td><th>p90</th><td data-kpi="timeToRevoke.leavers.p90">${hoursText(f.timeToRevoke.leavers.p90)}</td><th>still holding access</th><td data-kpi="timeToRevoke.leavers.pending">${f.timeToRevoke.leavers.pending}</td></tr>
  <tr><th>movers: median</th><td>${hoursText(f.timeToRevoke.movers.median)}</td><th>p90</th><td>${hoursText(f.timeToRevoke.movers.p90)}</td><th>still holding access</th><td>${f.timeToRevoke.movers.pending}</td></tr>
  ${f.revocations.recorded
    ? html`<tr><th>sent by driftgraph</th><td data-kpi="revocations.sent">${f.revocations.sent}</td><th>failed / undone</th><td>${f.revocations.failed.length} / ${f.revocations.undone.length}</td><th>waiting for an approval</th><td data-kpi="revocations.awaitingApproval">${f.revocations.awaitingApproval.length}</td></tr>
  <tr><th>leavers, automatic: median</th><td>${hoursText(f.revocations.timeToRevoke.leavers.automatic.median)} (${f.revocations.timeToRevoke.leavers.automatic.revoked})</td><th>manual: median</th><td>${hoursText(f.revocations.timeToRevoke.leavers.manual.median)} (${f.revocations.timeToRevoke.leavers.manual.revoked})</td><th></th><td></td></tr>`
    : ''}
  <tr><th>leavers' credentials valid 5 days after</th><td>${f.leaverCredentials.stillValidAfter5Days} of ${f.leaverCredentials.credentials}</td><th>NHIs without an owner</th><td>${f.nhis.withoutOwner} of ${f.nhis.total} (${shareText(f.nhis.withoutOwnerShare)})</td><th>credentials without expiry</th><td>${f.credentials.withoutExpiry}</td></tr>
</table>
<h2>Trends</h2>
<div class="charts">${charts.map((c) => html`<img class="chart" src="/dashboard/charts/${seg(c.id)}.png" alt="${c.alt}" width="560" height="240">`)}</div>
<h2>Sources</h2>
<table class="findings">
  <thead><tr><th>source</th><th>status</th><th>last loaded completely</th><th>errors</th></tr></thead>
  <tbody>${f.sources.map((s) => html`<tr><td>${s.source}</td><td><span class="status-${s.status}">${s.status}</span></td><td>${s.lastLoaded ?? 'never'}</td><td>${s.errors.join('; ')}</td></tr>`)}</tbody>
</table>
<h2>Open findings by owner team</h2>
<table class="findings">
  <thead><tr><th>team</th><th>total</th><th>critical</th><th>high</th><th>medium</th><th>low</th></tr></thead>
  <tbody>${f.byTeam.map((t) => html`<tr><td>${t.team}</td><td>${t.total}</td><td>${t.critical}</td><td>${t.high}</td><td>${t.medium}</td><td>${t.low}</td></tr>`)}</tbody>
</table>`;
}

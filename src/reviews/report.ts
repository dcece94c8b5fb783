// The evidence an auditor asks for: `driftgraph review report CAMPAIGN`
// writes HTML and CSV with the scope, the reviewers and why each could
// decide, every item with its decision (who, when, why), what is overdue,
// the risks accepted by a keep and until when, and the revocations that
// followed (from the revocation audit trail) with whether a later scan saw
// the access gone. Everything a provider or a reviewer wrote is escaped for
// the file it goes into.
import type { GraphStore } from '../graph/store.js';
import { findingId } from '../findings/finding.js';
import { csvCell, escapeHtml } from '../util/escape.js';
import type { ReviewItem } from './model.js';
import type { CampaignState } from './state.js';
import { REVIEW_REVOKED_RULE } from './sync.js';

export interface ReportRow {
  item: ReviewItem;
  status: string;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  keepUntil: string | null;
  acceptedFindings: string[];
  newOwner: string | null;
  overdue: boolean;
  /** For a revoke: the latest state of the revocation and of its finding. */
  revocation: string | null;
  verifiedAt: string | null;
}

export interface CampaignReport {
  state: CampaignState;
  now: string;
  rows: ReportRow[];
  reviewers: { email: string; items: number; open: number; authority: string[] }[];
}

export async function campaignReport(state: CampaignState, store: GraphStore | null, now: string): Promise<CampaignReport> {
  const c = state.campaign;
  const revokedFinding = new Map<string, string>();
  for (const e of state.settled.values()) {
    if (e.decision !== 'revoke') continue;
    const s = state.items.get(e.itemId!)!.subject;
    revokedFinding.set(e.accessId!, findingId(REVIEW_REVOKED_RULE, { source: s.source, container: s.container, type: s.type, id: s.id, name: s.name }, null));
  }
  const findingState = new Map<string, { status: string; resolvedAt: string | null; sent: string | null }>();
  if (store && revokedFinding.size) {
    const ids = [...revokedFinding.values()];
    for (const r of await store.read('UNWIND $ids AS id MATCH (f:Finding {id: id}) RETURN f.id AS id, f.status AS status, f.resolvedAt AS resolvedAt', { ids })) {
      findingState.set(String(r.id), { status: String(r.status), resolvedAt: (r.resolvedAt as string | null) ?? null, sent: null });
    }
    for (const r of await store.read('UNWIND $ids AS id MATCH (a:Revocation {findingId: id}) RETURN a.findingId AS id, a.status AS status, a.updatedAt AS at ORDER BY at', { ids })) {
      const f = findingState.get(String(r.id)) ?? { status: 'not found yet', resolvedAt: null, sent: null };
      f.sent = `${r.status} ${r.at}`;
      findingState.set(String(r.id), f);
    }
  }
  const overdueNow = !state.closedAt && c.due < now;
  const rows: ReportRow[] = [];
  const reviewers = new Map<string, { email: string; items: number; open: number; authority: string[] }>();
  for (const item of state.items.values()) {
    const status = state.status(item.id);
    const s = state.settled.get(item.accessId) ?? state.notMine.get(item.id) ?? null;
    const fid = revokedFinding.get(item.accessId);
    const f = fid ? findingState.get(fid) : undefined;
    rows.push({
      item,
      status,
      decision: s?.decision ?? null,
      decidedBy: s?.by ?? null,
      decidedAt: s?.at ?? null,
      reason: s?.reason ?? null,
      keepUntil: s?.keepUntil ?? null,
      acceptedFindings: s?.acceptedFindings ?? [],
      newOwner: s?.newOwner ?? null,
      overdue: status === 'open' && overdueNow,
      revocation: fid ? (f ? `${f.sent ? `revocation ${f.sent}; ` : ''}finding ${f.status}` : 'waiting for the next scan') : null,
      verifiedAt: f?.status === 'resolved' ? f.resolvedAt : null,
    });
    const r = reviewers.get(item.reviewer) ?? { email: item.reviewer, items: 0, open: 0, authority: [] };
    r.items++;
    if (status === 'open') r.open++;
    if (!r.authority.includes(item.authority)) r.authority.push(item.authority);
    reviewers.set(item.reviewer, r);
  }
  return { state, now, rows, reviewers: [...reviewers.values()].sort((a, b) => a.email.localeCompare(b.email)) };
}

/** Markup written here; every interpolated value is escaped unless it is markup made by this template. */
class SafeHtml {
  constructor(readonly text: string) {}
}
type Part = SafeHtml | string | number | null | undefined | Part[];
const render = (v: Part): string => (v instanceof SafeHtml ? v.text : Array.isArray(v) ? v.map(render).join('') : v === null || v === undefined ? '' : escapeHtml(v));
function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

const CSV_HEADER = [
  'campaign', 'item', 'access', 'reviewer', 'authority', 'fallback', 'kind', 'source', 'container', 'type', 'subject_id', 'subject_name',
  'person', 'status', 'decision', 'decided_by', 'decided_at', 'reason', 'keep_until', 'accepted_findings', 'new_owner', 'overdue',
  'revocation', 'verified_gone_at',
];

export function reportCsv(r: CampaignReport): string {
  const lines = [CSV_HEADER.join(',')];
  for (const x of r.rows) {
    const i = x.item;
    lines.push(
      [
        i.campaignId, i.id, i.accessId, i.reviewer, i.authority, i.fallback, i.kind, i.subject.source, i.subject.container ?? '', i.subject.type, i.subject.id,
        i.subject.name ?? '', i.person?.email ?? '', x.status, x.decision ?? '', x.decidedBy ?? '', x.decidedAt ?? '', x.reason ?? '', x.keepUntil ?? '',
        x.acceptedFindings.join(' '), x.newOwner ?? '', x.overdue, x.revocation ?? '', x.verifiedAt ?? '',
      ]
        .map((v) => csvCell(typeof v === 'boolean' ? String(v) : v))
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function reportHtml(r: CampaignReport): string {
  const c = r.state.campaign;
  const p = r.state.progress();
  const row = (x: ReportRow): SafeHtml => html`<tr${x.overdue ? html` class="overdue"` : ''}>
<td>${x.item.subject.name ?? x.item.subject.id}<br><small>${x.item.subject.source} ${x.item.subject.type} ${x.item.subject.id}</small></td>
<td>${x.item.reviewer}<br><small>${x.item.authority}</small></td>
<td>${x.status}${x.overdue ? ' (overdue)' : ''}</td>
<td>${x.decision ?? ''}${x.newOwner ? html` → ${x.newOwner}` : ''}</td>
<td>${x.decidedBy ?? ''}<br><small>${x.decidedAt ?? ''}</small></td>
<td>${x.reason ?? ''}</td>
<td>${x.keepUntil ? html`until ${x.keepUntil.slice(0, 10)}${x.acceptedFindings.length ? html`<br><small>accepts ${x.acceptedFindings.join(', ')}</small>` : ''}` : ''}</td>
<td>${x.revocation ?? ''}${x.verifiedAt ? html`<br><small>verified gone ${x.verifiedAt}</small>` : ''}</td>
</tr>`;
  const overdue = r.rows.filter((x) => x.overdue);
  const accepted = r.rows.filter((x) => x.status === 'decided' && x.acceptedFindings.length);
  const revoked = r.rows.filter((x) => x.status === 'decided' && x.decision === 'revoke');
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access review ${c.id}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}small{color:#555}tr.overdue td{background:#fff4e5}</style>
</head><body>
<h1>Access review ${c.id}</h1>
<table class="kv">
<tr><th>Scope</th><td>${c.scope}${c.sources ? html` (sources: ${c.sources.join(', ')})` : ''}</td></tr>
<tr><th>Started</th><td>${c.createdAt} by ${c.createdBy}</td></tr>
<tr><th>Due</th><td>${c.due}</td></tr>
<tr><th>Closed</th><td>${r.state.closedAt ?? 'open'}</td></tr>
<tr><th>Progress</th><td>${p.settled} of ${p.accesses} accesses decided (${p.items} items; ${c.fallbackItems} went to the fallback reviewer)</td></tr>
<tr><th>Report made</th><td>${r.now}</td></tr>
</table>
<h2>Reviewers (${r.reviewers.length})</h2>
<table><thead><tr><th>Reviewer</th><th>Items</th><th>Open</th><th>Authority</th></tr></thead><tbody>
${r.reviewers.map((v) => html`<tr><td>${v.email}</td><td>${v.items}</td><td>${v.open}</td><td>${v.authority.join('; ')}</td></tr>`)}
</tbody></table>
<h2>Overdue items (${overdue.length})</h2>
${overdue.length ? html`<ul>${overdue.map((x) => html`<li>${x.item.subject.name ?? x.item.subject.id}: ${x.item.reviewer}</li>`)}</ul>` : html`<p>None.</p>`}
<h2>Revocations that followed (${revoked.length})</h2>
${revoked.length ? html`<ul>${revoked.map((x) => html`<li>${x.item.subject.name ?? x.item.subject.id}: ${x.revocation ?? ''}${x.verifiedAt ? html`, verified gone ${x.verifiedAt}` : ', not verified by a scan yet'}</li>`)}</ul>` : html`<p>None.</p>`}
<h2>Accepted with open findings (${accepted.length})</h2>
${accepted.length ? html`<ul>${accepted.map((x) => html`<li>${x.item.subject.name ?? x.item.subject.id}: ${x.acceptedFindings.join(', ')} accepted until ${x.keepUntil ?? ''} by ${x.decidedBy ?? ''} (${x.reason ?? ''})</li>`)}</ul>` : html`<p>None.</p>`}
<h2>Every item (${r.rows.length})</h2>
<table><thead><tr><th>Access</th><th>Reviewer</th><th>Status</th><th>Decision</th><th>By, when</th><th>Reason</th><th>Keep</th><th>Revocation</th></tr></thead><tbody>
${r.rows.map(row)}
</tbody></table>
</body></html>
`.text;
}

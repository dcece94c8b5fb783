// GET /findings/:id: one finding: title, evidence, owners and how each was
// found, its history across scans, ticket fields, the remediation command
// with a copy button, and the evidence path drawn as a graph.
import type { StoredFinding } from '../../findings/finding-store.js';
import { html, seg, type SafeHtml } from '../html.js';
import type { FindingApproval, FindingRevocation } from '../context.js';
import { revocationSection } from './revocation-section.js';

export interface FindingPageData {
  finding: StoredFinding;
  ticket: [string, unknown][];
  scansSeen: number;
  personName: string | null;
  /** The revocation plan's entries for this finding and its approvals; null: no policy covers it. */
  revocation?: { entries: FindingRevocation[]; approvals: FindingApproval[] } | null;
  /** The view's anti-forgery token, for the approve form. */
  csrf?: string;
}

interface HistoryEntry { at: string; what: string }

export function history(f: StoredFinding): HistoryEntry[] {
  const out: HistoryEntry[] = [{ at: f.firstSeen, what: 'first found (open)' }];
  if (f.exception) out.push({ at: f.firstSeen, what: `excepted: ${f.exception.reason} (approved by ${f.exception.approvedBy}${f.exception.expires ? `, until ${f.exception.expires}` : ''})` });
  if (f.exceptionExpiredAt) out.push({ at: f.exceptionExpiredAt, what: 'exception expired: open again' });
  if (f.reopenedAt) out.push({ at: f.reopenedAt, what: 'found again after it was resolved: reopened' });
  if (f.resolvedAt) out.push({ at: f.resolvedAt, what: 'no longer found: resolved' });
  out.push({ at: f.lastSeen, what: f.status === 'resolved' ? 'last found' : `last found (${f.status})` });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function value(v: unknown): SafeHtml {
  if (v === null || v === undefined || v === '') return html`<span class="none">none</span>`;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return html`${v.length ? v.join(', ') : html`<span class="none">none</span>`}`;
  if (typeof v === 'object') return html`<pre>${JSON.stringify(v, null, 2)}</pre>`;
  return html`${String(v)}`;
}

export function findingPage(d: FindingPageData): SafeHtml {
  const f = d.finding;
  const s = f.subject;
  return html`
<p class="crumbs"><a href="/">Findings</a> › ${f.ruleId}</p>
<h1><span class="sev sev-${f.severity}">${f.severity}</span> ${f.title}</h1>
<p class="meta">status <strong>${f.status}</strong>${f.revocationUnverified ? ' · ticket closed but still found (revocation unverified)' : ''} · rule <code>${f.ruleId}</code> · id <code>${f.id}</code></p>
<section class="cols">
<div>
<h2>Subject</h2>
<dl>
  <dt>source</dt><dd>${s.source}</dd>
  <dt>container</dt><dd>${value(s.container)}</dd>
  <dt>type</dt><dd>${s.type}</dd>
  <dt>id</dt><dd><code>${s.id}</code></dd>
  <dt>name</dt><dd>${value(s.name)}</dd>
  ${f.entitlement ? html`<dt>entitlement</dt><dd><code>${f.entitlement}</code></dd>` : ''}
  <dt>person</dt><dd>${f.person ? html`<a href="/people/${seg(f.person.employeeId ?? f.person.email ?? '')}">${d.personName ?? f.person.email ?? f.person.employeeId}</a>` : html`<span class="none">none</span>`}</dd>
</dl>
<h2>Owners and how each was found</h2>
${f.owners.length
  ? html`<table><thead><tr><th>kind</th><th>owner</th><th>found by</th></tr></thead><tbody>${f.owners.map(
      (o) => html`<tr><td>${o.kind}</td><td>${o.kind === 'person' ? html`<a href="/people/${seg(o.id)}">${o.id}</a>` : o.id}</td><td>${o.method}</td></tr>`,
    )}</tbody></table>`
  : html`<p class="none">No owner resolved.</p>`}
<h2>Evidence</h2>
<dl class="evidence">${Object.entries(f.evidence).map(([k, v]) => html`<dt>${k}</dt><dd>${value(v)}</dd>`)}</dl>
<h2>Frameworks</h2>
<p>${f.frameworks.join(' · ')}</p>
</div>
<div>
<h2>Evidence path</h2>
<div id="evidence-graph" class="graph" data-src="/api/findings/${seg(f.id)}/graph" role="img" aria-label="evidence path graph"></div>
<ul id="evidence-graph-list" class="graph-list"></ul>
<h2>Remediation</h2>
<div class="remediation">
  <pre><code id="remediation-command">${f.remediation}</code></pre>
  <button type="button" class="copy" data-copy="remediation-command">Copy</button>
</div>
${d.revocation ? revocationSection(f.id, d.revocation, d.csrf ?? '') : ''}
<h2>History</h2>
<ol class="history">${history(f).map((h) => html`<li><time>${h.at}</time> ${h.what}</li>`)}</ol>
<p class="meta">seen by ${d.scansSeen} scan(s) between first and last found.</p>
<h2>Ticket</h2>
${d.ticket.length
  ? html`<dl>${d.ticket.map(([k, v]) => html`<dt>${k}</dt><dd>${value(v)}</dd>`)}</dl>`
  : html`<p class="none">No ticket recorded on this finding.</p>`}
</div>
</section>
`;
}

// GET /: the findings list with its filters, a count per filter value, sort
// and export of the current view.
import type { Finding } from '../../findings/finding.js';
import { html, queryString, seg, type SafeHtml } from '../html.js';
import { SORTS, type Facet, type ViewQuery } from '../findings-view.js';

export interface FindingsPageData {
  query: ViewQuery;
  findings: Finding[];
  facets: Record<Facet, Map<string, number>>;
  newCount: number;
  names: Map<string, string>;
}

const FACET_LABELS: [Facet, string][] = [
  ['severity', 'Severity'],
  ['rule', 'Rule'],
  ['source', 'Source'],
  ['container', 'Container'],
  ['team', 'Owner team'],
];

function select(name: string, label: string, current: string | undefined, counts: Map<string, number>): SafeHtml {
  const values = [...counts.keys()];
  if (current && !values.includes(current)) values.push(current);
  return html`<label>${label}
    <select name="${name}" class="autosubmit">
      <option value="">any</option>
      ${values.map((v) => html`<option value="${v}"${v === current ? html` selected` : ''}>${v} (${counts.get(v) ?? 0})</option>`)}
    </select></label>`;
}

/**
 * Names given to more than one subject in the list (two keys of one user
 * carry the user's name): those subjects are shown by name and id, so two
 * different subjects never read alike.
 */
export function sharedNames(findings: Finding[]): Set<string> {
  const ids = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.subject.name === null) continue;
    const k = `${f.subject.source}/${f.subject.type}/${f.subject.name}`;
    ids.set(k, (ids.get(k) ?? new Set()).add(`${f.subject.container ?? ''}/${f.subject.id}`));
  }
  return new Set([...ids].filter(([, v]) => v.size > 1).map(([k]) => k));
}

export function subjectLabel(f: Finding, shared: Set<string>): string {
  const name = f.subject.name ?? f.subject.id;
  return shared.has(`${f.subject.source}/${f.subject.type}/${f.subject.name}`) && name !== f.subject.id ? `${name} · ${f.subject.id}` : name;
}

export function personLabel(f: Finding, names: Map<string, string>): string {
  if (!f.person) return '';
  return names.get(f.person.employeeId ?? '') ?? f.person.email ?? f.person.employeeId ?? '';
}

export function findingsPage(d: FindingsPageData): SafeHtml {
  const q = d.query;
  const exportQuery = { ...q } as Record<string, string | undefined>;
  const statusCounts = d.facets.status;
  const shared = sharedNames(d.findings);
  return html`
<h1>Findings</h1>
<form method="get" action="/" class="filters" id="filters">
  ${FACET_LABELS.map(([facet, label]) => select(facet, label, q[facet], d.facets[facet]))}
  <label>Status
    <select name="status" class="autosubmit">
      ${[['', 'open + excepted'], ['open', 'open'], ['excepted', 'excepted'], ['resolved', 'resolved'], ['all', 'all']].map(
        ([v, l]) => html`<option value="${v}"${(q.status ?? '') === v ? html` selected` : ''}>${l}${v && v !== 'all' ? ` (${statusCounts.get(v!) ?? 0})` : ''}</option>`,
      )}
    </select></label>
  <label>Person <input type="search" name="person" value="${q.person ?? ''}" placeholder="name, email or employee id"></label>
  <label class="check"><input type="checkbox" name="new" value="1" class="autosubmit"${q.new === '1' ? html` checked` : ''}> new this week</label>
  <label>Sort
    <select name="sort" class="autosubmit">
      <option value="">severity, rule</option>
      ${SORTS.map((s) => html`<option value="${s}"${q.sort === s ? html` selected` : ''}>${s}</option>`)}
    </select></label>
  <label>Order
    <select name="dir" class="autosubmit">
      <option value="asc"${q.dir !== 'desc' ? html` selected` : ''}>ascending</option>
      <option value="desc"${q.dir === 'desc' ? html` selected` : ''}>descending</option>
    </select></label>
  <button type="submit">Apply</button>
  <a href="/">clear</a>
</form>
<p class="summary"><strong id="finding-count">${d.findings.length}</strong> finding(s) · ${d.newCount} new this week ·
  export this view: <a href="/api/findings${queryString({ ...exportQuery, format: 'csv' })}" download="findings.csv">CSV</a>
  <a href="/api/findings${queryString(exportQuery)}" download="findings.json">JSON</a></p>
<table class="findings">
  <thead><tr><th>severity</th><th>status</th><th>finding</th><th>rule</th><th>subject</th><th>container</th><th>person</th><th>owners</th><th>first seen</th></tr></thead>
  <tbody>
  ${d.findings.map(
    (f) => html`<tr>
      <td><span class="sev sev-${f.severity}">${f.severity}</span></td>
      <td>${f.status}</td>
      <td><a href="/findings/${seg(f.id)}">${f.title}</a></td>
      <td>${f.ruleId}</td>
      <td><span class="subject">${f.subject.source}/${f.subject.type}</span> ${subjectLabel(f, shared)}</td>
      <td>${f.subject.container ?? ''}</td>
      <td>${f.person ? html`<a href="/people/${seg(f.person.employeeId ?? f.person.email ?? '')}">${personLabel(f, d.names)}</a>` : ''}</td>
      <td>${f.owners.map((o) => o.id).join(', ')}</td>
      <td>${f.firstSeen.slice(0, 10)}</td>
    </tr>`,
  )}
  </tbody>
</table>
${d.findings.length ? '' : html`<p class="empty">No finding matches these filters.</p>`}
`;
}

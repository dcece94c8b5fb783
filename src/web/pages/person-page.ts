// GET /people (search) and /people/:id: a person's whole access, the same
// data as `driftgraph person ID --format json`.
import type { PersonAccess, IdentityView } from '../../person/access.js';
import type { PersonMatch } from '../../person/find-person.js';
import { html, seg, type SafeHtml } from '../html.js';

export function peopleSearchPage(q: string, matches: PersonMatch[]): SafeHtml {
  return html`
<h1>People</h1>
<form method="get" action="/people" class="filters">
  <label>Name, email or employee id <input type="search" name="q" value="${q}" autofocus></label>
  <button type="submit">Search</button>
</form>
${q
  ? matches.length
    ? html`<table><thead><tr><th>employee id</th><th>name</th><th>email</th><th>department</th><th>HR status</th></tr></thead><tbody>${matches.map(
        (p) => html`<tr><td><a href="/people/${seg(p.employeeId)}">${p.employeeId}</a></td><td><a href="/people/${seg(p.employeeId)}">${p.displayName ?? ''}</a></td><td>${p.email ?? ''}</td><td>${p.department ?? ''}</td><td>${p.status ?? ''}${p.isLeaver ? html` <span class="tag leaver">leaver</span>` : ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">No person matches.</p>`
  : ''}
`;
}

function yes(v: boolean | null): string {
  return v === null ? '' : v ? 'yes' : 'no';
}

function identityRows(list: IdentityView[], linkOrOwner: (i: IdentityView) => string): SafeHtml {
  return html`<table class="accounts"><thead><tr><th>system</th><th>account</th><th>how linked</th><th>active</th><th>privileged</th><th>console / MFA</th><th>last used</th><th>entitlements</th><th>credentials</th></tr></thead><tbody>
${list.map(
  (a) => html`<tr class="${a.active ? 'active' : 'inactive'}">
  <td>${a.source}${a.container ? html` <span class="subject">${a.container}</span>` : ''}</td>
  <td>${a.name ?? a.id}<br><span class="subject">${a.type}${a.isNhi ? ' · NHI' : ''}${a.removedAt ? ` · removed ${a.removedAt.slice(0, 10)}` : ''}</span></td>
  <td>${linkOrOwner(a)}</td>
  <td>${yes(a.active)}</td>
  <td>${a.privileged ? html`<span class="tag priv">privileged</span> ${a.privilegeReasons.join(', ')}` : 'no'}</td>
  <td>${a.hasPassword === null ? '' : `${yes(a.hasPassword)} / ${yes(a.mfaActive)}`}</td>
  <td>${a.lastUsedAt?.slice(0, 10) ?? 'never or unknown'}</td>
  <td>${a.entitlements.map((e) => html`<div>${e.name ?? e.id}${e.privileged ? html` <span class="tag priv">privileged</span>` : ''}</div>`)}</td>
  <td>${a.credentials.map((c) => html`<div><code>${c.id}</code> ${c.type}${c.active ? '' : ' (inactive)'}${c.lastUsedAt ? ` · used ${c.lastUsedAt.slice(0, 10)}` : ''}</div>`)}</td>
</tr>`,
)}</tbody></table>`;
}

export function personPage(a: PersonAccess): SafeHtml {
  const p = a.person;
  const ownedIdentities = a.owned.filter((o) => o.identity).map((o) => ({ ...o.identity!, owner: o }));
  const ownedCredentials = a.owned.filter((o) => o.credential);
  const activity = [...a.accounts, ...ownedIdentities].flatMap((i) => i.activity.map((x) => ({ ...x, account: i.name ?? i.id })));
  return html`
<p class="crumbs"><a href="/people">People</a> › ${String(p.employeeId ?? '')}</p>
<h1>${String(p.displayName ?? p.email ?? '')} ${p.isLeaver ? html`<span class="tag leaver">leaver</span>` : ''}</h1>
<dl class="inline">
  <dt>employee id</dt><dd>${String(p.employeeId ?? '')}</dd>
  <dt>email</dt><dd>${String(p.email ?? '')}</dd>
  <dt>department</dt><dd>${String(p.department ?? '')}</dd>
  <dt>title</dt><dd>${String(p.title ?? '')}</dd>
  <dt>HR status</dt><dd>${String(p.status ?? '')}</dd>
  <dt>manager</dt><dd>${String(p.managerEmail ?? '')}</dd>
  <dt>country</dt><dd>${String(p.country ?? '')}</dd>
  ${p.leftAt ? html`<dt>left</dt><dd>${String(p.leftAt)}</dd>` : ''}
  ${p.movedAt ? html`<dt>moved</dt><dd>${String(p.movedAt)}: ${String(p.moveFrom ?? '')} → ${String(p.moveTo ?? '')}</dd>` : ''}
  <dt>teams</dt><dd>${a.teams.map((t) => t.ref).join(', ') || 'none'}</dd>
</dl>
<p class="meta"><a href="/api/people/${seg(String(p.employeeId ?? ''))}">JSON</a> (the same as <code>driftgraph person ${String(p.employeeId ?? '')} --format json</code>)</p>

<h2>Accounts (${a.accounts.length})</h2>
${a.accounts.length ? identityRows(a.accounts, (i) => (i as IdentityView & { linkMethod?: string }).linkMethod ?? '') : html`<p class="none">No account is linked to this person.</p>`}

<h2>Owned non-human identities (${ownedIdentities.length})</h2>
${ownedIdentities.length ? identityRows(ownedIdentities, (i) => {
  const o = (i as typeof ownedIdentities[number]).owner;
  return `owner by ${o.ownerMethod}${o.ownerValue ? ` (${o.ownerValue})` : ''}`;
}) : html`<p class="none">None.</p>`}

${ownedCredentials.length ? html`<h2>Owned credentials (${ownedCredentials.length})</h2>
<table><thead><tr><th>credential</th><th>type</th><th>active</th><th>owner by</th><th>last used</th></tr></thead><tbody>${ownedCredentials.map(
  (o) => html`<tr><td><code>${o.credential!.id}</code></td><td>${o.credential!.type}</td><td>${yes(o.credential!.active)}</td><td>${o.ownerMethod}</td><td>${o.credential!.lastUsedAt ?? ''}</td></tr>`,
)}</tbody></table>` : ''}

<h2>Services (${a.services.length})</h2>
${a.services.length ? html`<table><thead><tr><th>service</th><th>lifecycle</th><th>why</th></tr></thead><tbody>${a.services.map(
  (s) => html`<tr><td>${s.ref}</td><td>${s.lifecycle ?? ''}</td><td>${s.via} ${s.through}</td></tr>`,
)}</tbody></table>` : html`<p class="none">None.</p>`}

<h2>Sign-ins and activity, last ${a.activityDays} days (${activity.length})</h2>
${activity.length ? html`<table><thead><tr><th>account</th><th>last event</th><th>what</th><th>region</th><th>source IP</th><th>country</th><th>device</th><th>events</th></tr></thead><tbody>${activity.map(
  (x) => html`<tr><td>${x.account}</td><td>${x.lastEventAt ?? ''}</td><td>${x.lastEventName ?? x.type}</td><td>${x.region ?? ''}</td><td>${x.sourceIp ?? ''}</td><td>${x.country ?? ''}</td><td>${x.device ?? ''}</td><td>${x.events ?? ''}</td></tr>`,
)}</tbody></table>` : html`<p class="none">No activity recorded in this window (or no source reports it).</p>`}

<h2>Open findings (${a.findings.length})</h2>
${a.findings.length ? html`<table><thead><tr><th>severity</th><th>finding</th><th>status</th></tr></thead><tbody>${a.findings.map(
  (f) => html`<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td><td><a href="/findings/${seg(f.id)}">${f.title}</a></td><td>${f.status}</td></tr>`,
)}</tbody></table>` : html`<p class="none">None.</p>`}
`;
}

// GET /jml: the joiner-mover-leaver review queue.
import type { JmlQueue, JmlItem } from '../../jml/queue.js';
import { html, seg, type SafeHtml } from '../html.js';

export function since(hours: number): string {
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

function item(i: JmlItem): SafeHtml {
  return html`<tr class="jml-${i.event}${i.done ? ' done' : ''}" data-employee="${i.person.employeeId}">
  <td><span class="tag ${i.event}">${i.event}</span></td>
  <td><a href="/people/${seg(i.person.employeeId)}">${i.person.displayName ?? i.person.email ?? i.person.employeeId}</a><br><span class="subject">${i.person.employeeId} · ${i.person.department ?? ''}</span></td>
  <td>${i.eventAt.slice(0, 10)}</td>
  <td class="clock">${since(i.hoursSince)}</td>
  <td>${i.change}</td>
  <td>${i.before.length ? i.before.map((b) => html`<div>${b.source}${b.container ? `/${b.container}` : ''} ${b.name ?? ''}${b.removedAt ? ` (removed ${b.removedAt.slice(0, 10)})` : ''}</div>`) : html`<span class="none">none known</span>`}</td>
  <td>${i.now.accounts.length || i.now.owned.length
    ? html`${i.now.accounts.map((a) => html`<div>${a.source}${a.container ? `/${a.container}` : ''} ${a.name ?? a.id}${a.entitlements.length ? `: ${a.entitlements.map((e) => e.name ?? e.id).join(', ')}` : ''}</div>`)}
        ${i.now.owned.map((o) => html`<div>owns ${(o.identity ?? o.credential)!.name ?? (o.identity ?? o.credential)!.id}</div>`)}`
    : html`<span class="none">nothing active</span>`}</td>
  <td>${i.shouldGo.length ? i.shouldGo.map((f) => html`<div><span class="sev sev-${f.severity}">${f.severity}</span> <a href="/findings/${seg(f.id)}">${f.title}</a></div>`) : html`<span class="none">no open finding</span>`}</td>
  <td>${i.done ? 'done: nothing active' : i.event === 'leaver' ? 'open: access remains' : 'review'}</td>
</tr>`;
}

export function jmlPage(q: JmlQueue): SafeHtml {
  const count = (e: string) => q.items.filter((i) => i.event === e).length;
  return html`
<h1>JML review queue</h1>
<form method="get" action="/jml" class="filters">
  <label>Period: the last <input type="number" name="days" min="1" max="3650" value="${q.periodDays}"> days before the latest scan</label>
  <button type="submit">Apply</button>
</form>
<p class="summary">${count('leaver')} leaver(s) · ${count('mover')} mover(s) · ${count('joiner')} joiner(s) · ${count('rehire')} rehire(s). A leaver stays here, whatever the period, until nothing of theirs is active. The clock runs from the HR event to the latest scan.</p>
<table class="jml">
<thead><tr><th>event</th><th>person</th><th>effective</th><th>since</th><th>what changed</th><th>access at the event</th><th>active now</th><th>what the rules say should go</th><th>state</th></tr></thead>
<tbody>${q.items.map(item)}</tbody>
</table>
${q.items.length ? '' : html`<p class="empty">No HR event in this period.</p>`}
`;
}

// A reviewer's queue: their items of one campaign, each with the evidence
// the graph held when the campaign started, and a form per open item. The
// page shows nothing of the rest of the view (no navigation to findings or
// people): a reviewer sees their own items only. Every value is escaped by
// the html template; the forms carry the session's CSRF token.
import { html, raw, type SafeHtml } from '../html.js';
import type { ReviewItem } from '../../reviews/model.js';
import type { CampaignState } from '../../reviews/state.js';

export const QUEUE_PAGE_SIZE = 50;

export function reviewFrame(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · driftgraph access review</title>
<link rel="stylesheet" href="/review/static/app.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="top"><span class="brand">driftgraph access review</span></header>
<main>
${body}
</main>
</body>
</html>
`.text;
}

function evidence(i: ReviewItem): SafeHtml {
  const e = i.evidence;
  return html`<table class="kv">
<tr><th>Access</th><td>${i.subject.source} ${i.subject.type} ${i.subject.container ?? ''} <code>${i.subject.id}</code></td></tr>
${i.person ? html`<tr><th>Person</th><td>${i.person.name ?? ''} ${i.person.email ? html`&lt;${i.person.email}&gt;` : ''}</td></tr>` : ''}
<tr><th>Last used</th><td>${e.lastUsed ?? 'never, or not reported'}</td></tr>
${e.privileged ? html`<tr><th>Privileged</th><td>${e.privilegeReasons.join('; ') || 'yes'}</td></tr>` : ''}
${e.entitlements.length ? html`<tr><th>Holds</th><td>${e.entitlements.join(', ')}</td></tr>` : ''}
<tr><th>Credentials</th><td>${e.credentials.length ? e.credentials.map((c, n) => html`${n ? ', ' : ''}${c.type} <code>${c.id}</code> (last used ${c.lastUsed ?? 'never'})`) : 'none active'}</td></tr>
<tr><th>Owners</th><td>${e.owners.join(', ') || 'none recorded'}</td></tr>
<tr><th>Others who may answer</th><td>${e.otherReviewers.length ? e.otherReviewers.join(', ') : 'only you'}</td></tr>
<tr><th>Open findings</th><td>${e.openFindings.length ? html`<ul>${e.openFindings.map((f) => html`<li><span class="sev sev-${f.severity}">${f.severity}</span> ${f.title} <small>(${f.ruleId})</small></li>`)}</ul>` : 'none'}</td></tr>
<tr><th>Why you</th><td>${i.authority}</td></tr>
</table>`;
}

function form(i: ReviewItem, csrf: string, keepDays: number): SafeHtml {
  return html`<form method="post" action="/review/items/${encodeURIComponent(i.id)}" class="review-form">
<input type="hidden" name="csrf" value="${csrf}">
<fieldset>
<legend>Your decision</legend>
<label><input type="radio" name="decision" value="keep" required> Keep</label>
<label><input type="radio" name="decision" value="revoke"> Revoke</label>
<label><input type="radio" name="decision" value="reassign"> Another owner</label>
<label><input type="radio" name="decision" value="not-mine"> Not mine</label>
</fieldset>
<label>Reason (required to keep or revoke)<br><textarea name="reason" rows="2" cols="60" maxlength="2000"></textarea></label><br>
<label>Keep for days <input type="number" name="keepDays" min="1" max="730" value="${keepDays}"></label>
<label>New owner (email or team) <input type="text" name="owner" maxlength="320"></label>
<button type="submit">Record decision</button>
</form>`;
}

export function queuePage(state: CampaignState, reviewer: string, csrf: string, page: number, done: string | null, now: string): SafeHtml {
  const items = state.queue(reviewer);
  const open = items.filter((i) => state.status(i.id) === 'open');
  const c = state.campaign;
  const pages = Math.max(1, Math.ceil(items.length / QUEUE_PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const shown = items.slice((p - 1) * QUEUE_PAGE_SIZE, p * QUEUE_PAGE_SIZE);
  const statusText = (i: ReviewItem): SafeHtml => {
    const s = state.status(i.id);
    const e = state.settled.get(i.accessId) ?? state.notMine.get(i.id);
    if (s === 'open') return html`<strong>open</strong>`;
    if (s === 'answered-by-other') return html`answered by ${e?.by ?? 'another reviewer'}: ${e?.decision ?? ''}`;
    return html`${e?.decision ?? s} by ${e?.by ?? ''} at ${e?.at ?? ''}${e?.reason ? html`: ${e.reason}` : ''}`;
  };
  return html`<h1>Access review ${c.id}</h1>
<p>Signed in as <strong id="reviewer">${reviewer}</strong>. <span id="open-count">${open.length}</span> of ${items.length} item(s) open; due ${c.due}${c.due < now && !state.closedAt ? html` <strong class="overdue">(overdue)</strong>` : ''}.${state.closedAt ? html` This campaign was closed at ${state.closedAt}.` : ''}</p>
${done ? html`<p class="notice" role="status">Recorded your decision on ${done}.</p>` : ''}
${pages > 1 ? html`<p>Page ${p} of ${pages}: ${p > 1 ? html`<a href="/review/?page=${p - 1}">previous</a> ` : ''}${p < pages ? html`<a href="/review/?page=${p + 1}">next</a>` : ''}</p>` : ''}
${shown.map(
  (i) => html`<section class="review-item" id="${i.id}" data-status="${state.status(i.id)}">
<h2>${i.subject.name ?? i.subject.id} <small>${i.kind}</small></h2>
<p class="status">${statusText(i)}</p>
${evidence(i)}
${state.status(i.id) === 'open' && !state.closedAt ? form(i, csrf, c.keepDays) : raw('')}
</section>`,
)}`;
}

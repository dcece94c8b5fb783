// A finding's revocations on its page: what the policy plans for it (each
// action, its state, the provider calls, whether it can be undone), the
// approvals given, and, while an action waits for one, the approve form.
// The form is plain HTML (no script): the view's CSP allows posts to itself.
import { html, seg, type SafeHtml } from '../html.js';
import type { FindingApproval, FindingRevocation } from '../context.js';
import { CSRF_FIELD } from '../csrf.js';

const STATE_WORDS: Record<string, string> = {
  ready: 'ready: the next revoke run sends it',
  'awaiting-approval': 'waiting for an approval',
  grace: 'in its grace period',
  blocked: 'blocked by a guard',
  done: 'done',
  'no-action': 'no action driftgraph can send',
};

export function revocationSection(findingId: string, r: { entries: FindingRevocation[]; approvals: FindingApproval[] }, csrf: string): SafeHtml {
  const waiting = r.entries.some((e) => e.state === 'awaiting-approval');
  return html`
<h2 id="revocation">Revocation</h2>
${r.entries.length
  ? html`<table class="revocations"><thead><tr><th>state</th><th>action</th><th>provider call</th><th>undo</th></tr></thead><tbody>${r.entries.map(
      (e) => html`<tr><td>${STATE_WORDS[e.state] ?? e.state}${e.reason ? html`<br><span class="meta">${e.reason}</span>` : ''}</td><td>${e.summary}</td><td>${e.calls.map((c, i) => html`${i ? html`<br>` : ''}<code>${c}</code>`)}</td><td>${e.reversible ? 'yes' : 'no'}</td></tr>`,
    )}</tbody></table>`
  : html`<p class="none">Nothing planned for this finding.</p>`}
${r.approvals.length
  ? html`<h3>Approvals</h3><ul class="approvals">${r.approvals.map(
      (a) => html`<li><time>${a.at}</time> by <strong>${a.by}</strong>: ${a.reason}${a.expires ? html` (until <time>${a.expires}</time>)` : ''}${a.via ? html` <span class="meta">via ${a.via}</span>` : ''}</li>`,
    )}</ul>`
  : ''}
${waiting
  ? html`<form class="approve" method="post" action="/findings/${seg(findingId)}/approve">
  <input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
  <label>Your email <input type="email" name="by" required autocomplete="email"></label>
  <label>Why <input type="text" name="reason" required maxlength="500"></label>
  <label>Approval expires (optional) <input type="date" name="expires"></label>
  <button type="submit">Approve revocation</button>
  <p class="meta">Your email and reason go into the audit trail. driftgraph acts at the next <code>revoke --apply</code> or scheduled revoke run, within the policy's limits.</p>
</form>`
  : ''}`;
}

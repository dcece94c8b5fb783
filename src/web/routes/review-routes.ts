// The reviewer's side of the web view, under /review/: their own access
// (the emailed link, exchanged once for a session cookie), their queue, and
// their decisions. None of it uses the view's own token: a reviewer is known
// by the signed session only, and may decide only their own items of the
// campaign the session names. A decision is written to disk before the
// answer; every POST needs the session's anti-forgery token (csrf.ts, keyed
// with the review key) and the view's origin.
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { WebContext } from '../context.js';
import { html } from '../html.js';
import { queuePage, reviewFrame } from '../pages/review-page.js';
import { makeSession, REVIEW_COOKIE, verifyLink, verifySession } from '../../reviews/links.js';
import { CSRF_FIELD, csrfRefusal, formToken } from '../csrf.js';
import { decideItem, inTurn, ReviewRefused } from '../../reviews/decide.js';
import { appendLines, eventsFile } from '../../reviews/journal.js';
import type { ReviewDesk } from '../../reviews/desk.js';
import { randomUUID } from 'node:crypto';

type Status = 400 | 401 | 403 | 404 | 409 | 503;

function refuse(c: Context, status: Status, message: string): Response {
  return c.html(reviewFrame('Refused', html`<h1>${status === 401 ? 'Sign in with your link' : 'Refused'}</h1><p class="refused">${message}</p>`), status);
}

async function session(c: Context, desk: ReviewDesk): Promise<{ sessionId: string; campaignId: string; reviewer: string } | Response> {
  const cookie = getCookie(c, REVIEW_COOKIE);
  if (!cookie) return refuse(c, 401, 'Open the link from your review email: it signs you in to your own queue.');
  const v = verifySession(await desk.secret(), cookie, new Date().toISOString());
  if (!v.ok) return refuse(c, 401, `${v.why}. Open the link from your latest review email, or ask for a new one.`);
  return { sessionId: v.tokenId, campaignId: v.campaignId, reviewer: v.reviewer };
}

export function registerReviewRoutes(app: Hono, w: WebContext): void {
  const desk = w.reviews;
  if (!desk) {
    app.all('/review/*', (c) => refuse(c, 503, 'Access reviews are not set up on this view.'));
    return;
  }

  // The emailed link: checked (signature, expiry, not used before), its use recorded on disk, then a session.
  app.get('/review/open', async (c) => {
    const token = c.req.query('token') ?? '';
    const secret = await desk.secret();
    const now = new Date().toISOString();
    const v = verifyLink(secret, token, now);
    if (!v.ok) return refuse(c, 403, `${v.why}. Ask the campaign owner for a new link.`);
    const state = await desk.campaign(v.campaignId);
    if (!state) return refuse(c, 403, 'This link names a campaign that does not exist here.');
    const used = await inTurn(state.campaign.id, async () => {
      await state.refresh();
      if (state.usedTokens.has(v.tokenId)) return true;
      const e = { eventId: randomUUID(), at: now, event: 'link-used' as const, by: v.reviewer, tokenId: v.tokenId };
      await appendLines(eventsFile(state.dir, state.campaign.id), [e]);
      state.apply(e);
      return false;
    });
    if (used) return refuse(c, 403, 'This link was used already: each link opens a session once. Ask the campaign owner for a new link.');
    const expires = new Date(Date.parse(now) + desk.sessionHours * 3_600_000).toISOString();
    setCookie(c, REVIEW_COOKIE, makeSession(secret, state.campaign.id, v.reviewer, expires), {
      httpOnly: true,
      // Lax: the link is opened from a mail client, a cross-site navigation; the CSRF token guards the POSTs.
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/review/',
      expires: new Date(expires),
    });
    return c.redirect('/review/', 303);
  });

  app.get('/review/', async (c) => {
    const s = await session(c, desk);
    if (s instanceof Response) return s;
    const state = await desk.campaign(s.campaignId);
    if (!state) return refuse(c, 403, 'Your session names a campaign that does not exist here.');
    const page = Number(c.req.query('page') ?? 1);
    const done = c.req.query('done') ?? null;
    const csrf = formToken(await desk.secret(), s.sessionId);
    return c.html(reviewFrame(`Review ${state.campaign.id}`, queuePage(state, s.reviewer, csrf, Number.isInteger(page) ? page : 1, done && state.items.has(done) ? done : null, new Date().toISOString())));
  });

  app.post('/review/items/:id', async (c) => {
    const s = await session(c, desk);
    if (s instanceof Response) return s;
    const form = new URLSearchParams(await c.req.text());
    if (csrfRefusal(c, await desk.secret(), s.sessionId, form.get(CSRF_FIELD) ?? undefined)) {
      return refuse(c, 403, 'This form did not come from your review page (a form from another site, or its security token is missing or wrong). Reload your queue and decide again.');
    }
    const state = await desk.campaign(s.campaignId);
    if (!state) return refuse(c, 403, 'Your session names a campaign that does not exist here.');
    const itemId = c.req.param('id');
    const keepDays = form.get('keepDays');
    try {
      await decideItem(state, {
        itemId,
        decision: form.get('decision') ?? '',
        by: s.reviewer,
        reason: form.get('reason') ?? undefined,
        // The field is always there: it counts only for a keep.
        keepDays: form.get('decision') === 'keep' && keepDays ? Number(keepDays) : undefined,
        newOwner: form.get('owner') ?? undefined,
        via: 'web',
        fallbackReviewer: desk.config.fallbackReviewer ?? null,
      });
    } catch (e) {
      if (e instanceof ReviewRefused) return refuse(c, e.status, e.message);
      throw e;
    }
    return c.redirect(`/review/?done=${encodeURIComponent(itemId)}#${encodeURIComponent(itemId)}`, 303);
  });
}

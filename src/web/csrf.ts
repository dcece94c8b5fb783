// Cross-site request forgery: a page elsewhere must not make a browser that
// can reach this view (localhost, a session cookie, a reviewer's session)
// post a form to it. One mechanism for every form the view serves, the
// analyst's approve button and a reviewer's decision alike:
// - every form carries a token bound to the browser's session: an HMAC of
//   the session id under a key only the server holds, compared in constant
//   time. A token read from one session's page is worthless in another's,
//   and nothing needs to be stored to check it;
// - a browser that says the request is cross-site (Sec-Fetch-Site) is
//   refused, whatever it carries.
// The session is the reviewer's signed session (routes/review-routes.ts,
// keyed with the review key, so a queue page still works after a restart),
// or, for the analyst's pages, a random id in a SameSite=Strict cookie set
// by the page that shows the form (keyed with a key made at start). Besides
// these, a POST with a foreign Origin is refused (auth.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const CSRF_FIELD = 'csrf';
/** The analyst's form session: a random id, nothing else. */
export const FORM_COOKIE = 'driftgraph_form';

/** A key for form tokens, made when the view starts. */
export function newCsrfKey(): Buffer {
  return randomBytes(32);
}

/** The form token of one session: only a page the server rendered for that session holds it. */
export function formToken(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`csrf.${sessionId}`).digest('base64url');
}

/**
 * Why this form post is refused, or null when it carries its session's token
 * and the browser does not call it cross-site.
 */
export function csrfRefusal(c: Context, key: Buffer, sessionId: string | undefined, sent: unknown): string | null {
  if (c.req.header('sec-fetch-site') === 'cross-site') return 'a form posted from another site is refused';
  if (typeof sent !== 'string' || !sent) return 'the form has no anti-forgery token: reload the page and try again';
  if (!sessionId) return 'the form came without its session (cookies off, or another browser?): reload the page and try again';
  const a = Buffer.from(sent);
  const b = Buffer.from(formToken(key, sessionId));
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return 'the form\'s anti-forgery token is not this session\'s (the view restarted, or another browser?): reload the page and try again';
  }
  return null;
}

/** The analyst's form session id: the one the browser holds, else a new one set in a cookie with this answer. */
export function formSession(c: Context): string {
  const held = getCookie(c, FORM_COOKIE);
  if (held && /^[A-Za-z0-9_-]{32}$/.test(held)) return held;
  const id = randomBytes(24).toString('base64url');
  setCookie(c, FORM_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
  return id;
}

/** The analyst's form session a POST came with, if any. */
export function postedFormSession(c: Context): string | undefined {
  return getCookie(c, FORM_COOKIE);
}

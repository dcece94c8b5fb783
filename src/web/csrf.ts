// Cross-site request forgery: a page elsewhere must not make a browser that
// can reach this view (localhost, or holding the session cookie) post a form
// to it. Three checks, each enough alone in a current browser: the session
// cookie is SameSite=Strict (auth.ts), a POST with a foreign Origin is
// refused (auth.ts), and every form this view serves carries a token only
// its own pages can read (this file): a random value made when the server
// starts, compared in constant time. A browser that says the request is
// cross-site (Sec-Fetch-Site) is refused too.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

export const CSRF_FIELD = 'csrf';

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Why this form post is refused, or null when it carries the view's token and comes from its own pages. */
export function csrfRefusal(c: Context, expected: string, sent: unknown): string | null {
  if (c.req.header('sec-fetch-site') === 'cross-site') return 'a form posted from another site is refused';
  if (typeof sent !== 'string' || !sent) return 'the form has no anti-forgery token: reload the page and try again';
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'the form\'s anti-forgery token is not this server\'s (the view restarted?): reload the page and try again';
  return null;
}

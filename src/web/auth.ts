// Who may read the graph through the web view. On 127.0.0.1 (the default)
// only this machine can connect; on any other address a token is required,
// sent as `Authorization: Bearer TOKEN` or as the session cookie a browser
// gets by opening the URL printed at start (`/?token=TOKEN`, once).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'driftgraph_session';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The token this server requires, or null: from the environment, else generated when the host is not loopback. */
export function chooseToken(host: string, env: NodeJS.ProcessEnv = process.env): { token: string | null; generated: boolean } {
  const fromEnv = env.DRIFTGRAPH_WEB_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, generated: false };
  if (isLoopback(host)) return { token: null, generated: false };
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function unauthorized(): Response {
  return new Response('401: this driftgraph view needs its token. Open the URL printed when `driftgraph serve` started, or send "Authorization: Bearer TOKEN".\n', {
    status: 401,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="driftgraph"' },
  });
}

/**
 * Without a token (loopback only), the Host header must still name this
 * machine: a web page elsewhere cannot reach the view through DNS rebinding.
 */
export function requireAccess(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    // Reviewers are known by their own signed session (routes/review-routes.ts), never by this token.
    if (c.req.path.startsWith('/review/')) return next();
    if (token === null) {
      const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
      if (!isLoopback(host)) return new Response('421: this view answers to localhost only\n', { status: 421 });
      return next();
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    const cookie = getCookie(c, SESSION_COOKIE);
    const fromUrl = c.req.query('token');
    if ((bearer && same(bearer, token)) || (cookie && same(cookie, token))) return next();
    if (fromUrl && same(fromUrl, token) && c.req.method === 'GET') {
      // The printed URL: trade the token in the address for a session cookie, then drop it from the address.
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(url.pathname + url.search, 303);
    }
    return unauthorized();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** A POST must come from this view's own pages (or a script with no Origin). */
export const sameOriginPosts: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    // An Origin that is not a URL (or `null`) is refused like a foreign one, never a 500.
    if (origin && originHost(origin) !== host) {
      return new Response('403: cross-origin request refused\n', { status: 403 });
    }
  }
  return next();
};

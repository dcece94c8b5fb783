// Headers every answer carries. The CSP allows scripts, styles, images and
// fetches from this server only: no inline script or style, no CDN, no frames.
// And the limits every request is held to, each answered with its 4xx.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonDepth, MAX_JSON_DEPTH } from '../util/json-depth.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  // The reviewer's forms post back to their own origin: a browser sends `Origin: null` under
  // no-referrer, which the same-origin check refuses. The emailed link's own URL stays no-referrer.
  c.header('Referrer-Policy', c.req.path.startsWith('/review/') && c.req.path !== '/review/open' ? 'same-origin' : 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
};

/** The largest request body the view reads (a console query with its parameters fits many times over). */
export const MAX_BODY_BYTES = 256 * 1024;

function refuse(c: Context, status: 400 | 413, message: string): Response {
  return c.req.path.startsWith('/api/') ? c.json({ error: message }, status) : c.text(`${status}: ${message}\n`, status);
}

/** A body over MAX_BODY_BYTES is 413 whether it says its length or streams it (chunked). */
export const requestBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => refuse(c, 413, `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`),
});

/** A JSON body nested deeper than MAX_JSON_DEPTH is 400 before any route parses or walks it. */
export const jsonDepthLimit: MiddlewareHandler = async (c, next) => {
  // Whatever the declared type: a route may read any body as JSON (the console does).
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.raw.body) {
    // Read once here; the route's c.req.json() parses this same cached text.
    const text = await c.req.text();
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return refuse(c, 400, `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return next();
};

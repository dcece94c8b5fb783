// POST /findings/:id/approve: the approve button of a revocation waiting for
// an approval. The form carries its session's anti-forgery token (csrf.ts) and
// the approver's email and reason; what is recorded is what
// `driftgraph revoke approve` records, plus where it came from (`web view
// from ADDRESS`): the view's token says who may reach it, not who they are,
// so the email typed is the approver on record.
import type { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { WebContext } from '../context.js';
import { CSRF_FIELD, csrfRefusal, postedFormSession } from '../csrf.js';
import { seg } from '../html.js';
import { escapeHtml } from '../../util/escape.js';

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

function remoteAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown address';
  } catch {
    return 'unknown address';
  }
}

export function registerRevocationRoutes(app: Hono, w: WebContext): void {
  app.post('/findings/:id/approve', async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const refused = csrfRefusal(c, w.csrfKey!, postedFormSession(c), body[CSRF_FIELD]);
    if (refused) return c.html(`<!doctype html><title>Refused</title><p>403: ${escapeHtml(refused)}</p>`, 403);
    if (!w.revocations) return c.html('<!doctype html><title>Not found</title><p>404: this view was started without a revocation policy</p>', 404);
    const by = field(body, 'by')?.trim() ?? '';
    const reason = field(body, 'reason') ?? '';
    const expires = field(body, 'expires')?.trim();
    // A UsageError (no such finding, not covered, bad email or date) is a 400 page with its message (app.ts).
    await w.access.useForWrite((store) => w.revocations!.approve(store, id, { by, reason, ...(expires ? { expires } : {}), via: `web view from ${remoteAddress(c)}` }));
    return c.redirect(`/findings/${seg(id)}#revocation`, 303);
  });
}

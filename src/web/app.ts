// The web view's routes in one app: security headers on every answer, then
// the access check, then the pages and the API.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { WebContext } from './context.js';
import { jsonDepthLimit, requestBodyLimit, securityHeaders } from './security.js';
import { requireAccess, sameOriginPosts } from './auth.js';
import { registerStatic } from './static-files.js';
import { registerFindingsRoutes } from './routes/findings-routes.js';
import { registerPeopleRoutes } from './routes/people-routes.js';
import { registerJmlRoutes } from './routes/jml-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerConsoleRoutes } from './routes/console-routes.js';
import { registerRevocationRoutes } from './routes/revocation-routes.js';
import { newCsrfKey } from './csrf.js';
import { registerReviewRoutes } from './routes/review-routes.js';
import { DamagedStoreError, StoreLockedError, StoreMissingError, ReadOnlyQueryError } from '../graph/store.js';
import { UsageError } from '../util/errors.js';
import { escapeHtml, terminalSafe } from '../util/escape.js';

const REQUEST_TOO_LARGE = 'the request body is too large';

/** The path is decoded (a request can put any character in it): written inert, as on the terminal. */
function logError(method: string, path: string, message: string): void {
  process.stderr.write(`driftgraph serve: ${terminalSafe(method)} ${terminalSafe(path)}: ${terminalSafe(message)}\n`);
}

export function createApp(given: WebContext, token: string | null): Hono {
  const w: WebContext = { ...given, csrfKey: given.csrfKey ?? newCsrfKey() };
  const app = new Hono();
  app.use('*', securityHeaders);
  app.use('*', requireAccess(token));
  app.use('*', sameOriginPosts);
  // Every request error is the client's 4xx, never a 500: a body too large,
  // JSON nested too deep, a malformed Origin (auth.ts).
  app.use('*', requestBodyLimit);
  app.use('*', jsonDepthLimit);
  registerStatic(app);
  registerFindingsRoutes(app, w);
  registerPeopleRoutes(app, w);
  registerJmlRoutes(app, w);
  registerDashboardRoutes(app, w);
  registerConsoleRoutes(app, w);
  registerRevocationRoutes(app, w);
  registerReviewRoutes(app, w);
  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'no such route' }, 404) : c.html('<!doctype html><title>Not found</title><p>404: no such page. <a href="/">Findings</a></p>', 404)));
  app.onError((e, c) => {
    const api = c.req.path.startsWith('/api/');
    let status: 400 | 413 | 503 | 500 = 500;
    let message = 'internal error: see the server log';
    if (e instanceof HTTPException && e.status >= 400 && e.status < 500) {
      // Hono's own request errors (a body over the limit, a body that is not what was declared).
      status = e.status === 413 ? 413 : 400;
      message = e.status === 413 ? REQUEST_TOO_LARGE : e.message || 'bad request';
    } else if (e instanceof UsageError || e instanceof ReadOnlyQueryError) {
      status = 400;
      message = e.message;
    } else if (e instanceof StoreLockedError) {
      status = 503;
      message = 'a scan is writing the graph right now; try again in a minute';
      c.header('Retry-After', '30');
    } else if (e instanceof StoreMissingError) {
      status = 503;
      message = e.message;
    } else if (e instanceof DamagedStoreError) {
      // What to do is in the message; the server log has it too.
      status = 503;
      message = e.message;
      logError(c.req.method, c.req.path, e.message);
    } else {
      logError(c.req.method, c.req.path, e.message);
    }
    return api ? c.json({ error: message }, status) : c.html(`<!doctype html><title>Error</title><p>${status}: ${escapeHtml(message)}</p><p><a href="/">Findings</a></p>`, status);
  });
  return app;
}

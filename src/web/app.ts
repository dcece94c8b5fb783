// The web view's routes in one app: security headers on every answer, then
// the access check, then the pages and the API.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WebContext } from './context.js';
import { securityHeaders } from './security.js';
import { requireAccess, sameOriginPosts } from './auth.js';
import { registerStatic } from './static-files.js';
import { registerFindingsRoutes } from './routes/findings-routes.js';
import { registerPeopleRoutes } from './routes/people-routes.js';
import { registerJmlRoutes } from './routes/jml-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerConsoleRoutes } from './routes/console-routes.js';
import { StoreLockedError, ReadOnlyQueryError } from '../graph/store.js';
import { UsageError } from '../util/errors.js';
import { escapeHtml } from '../util/escape.js';

export function createApp(w: WebContext, token: string | null): Hono {
  const app = new Hono();
  app.use('*', securityHeaders);
  app.use('*', requireAccess(token));
  app.use('*', sameOriginPosts);
  app.use('/api/*', bodyLimit({ maxSize: 256 * 1024 }));
  registerStatic(app);
  registerFindingsRoutes(app, w);
  registerPeopleRoutes(app, w);
  registerJmlRoutes(app, w);
  registerDashboardRoutes(app, w);
  registerConsoleRoutes(app, w);
  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'no such route' }, 404) : c.html('<!doctype html><title>Not found</title><p>404: no such page. <a href="/">Findings</a></p>', 404)));
  app.onError((e, c) => {
    const api = c.req.path.startsWith('/api/');
    let status: 400 | 503 | 500 = 500;
    let message = 'internal error: see the server log';
    if (e instanceof UsageError || e instanceof ReadOnlyQueryError) {
      status = 400;
      message = e.message;
    } else if (e instanceof StoreLockedError) {
      status = 503;
      message = 'a scan is writing the graph right now; try again in a minute';
      c.header('Retry-After', '30');
    } else {
      process.stderr.write(`driftgraph serve: ${c.req.method} ${c.req.path}: ${e.message}\n`);
    }
    return api ? c.json({ error: message }, status) : c.html(`<!doctype html><title>Error</title><p>${status}: ${escapeHtml(message)}</p><p><a href="/">Findings</a></p>`, status);
  });
  return app;
}

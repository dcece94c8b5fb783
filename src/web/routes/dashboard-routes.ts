// The dashboard: the weekly report's KPIs and charts in the browser. The
// page and the charts come from the report's code, handed in by `serve`.
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';

export function registerDashboardRoutes(app: Hono, w: WebContext): void {
  app.get('/dashboard', async (c) =>
    c.html(await w.access.use(async (store) => pageHtml(w, store, { title: 'Drift dashboard', active: '/dashboard' }, await w.dashboard.page(store)))),
  );
  app.get('/dashboard/charts/:file', async (c) => {
    const id = c.req.param('file').replace(/\.png$/, '');
    const draw = await w.access.use((store) => w.dashboard.chart(store, id));
    if (!draw) return c.text('no such chart', 404);
    return c.body(new Uint8Array(await draw()), 200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
  });
}

// The joiner-mover-leaver review queue, as a page and as JSON.
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';
import { jmlQueue } from '../../jml/queue.js';
import { jmlPage } from '../pages/jml-page.js';

function period(v: string | undefined): number {
  const n = Number(v ?? 90);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : 90;
}

export function registerJmlRoutes(app: Hono, w: WebContext): void {
  app.get('/jml', async (c) =>
    c.html(await w.access.use(async (store) => pageHtml(w, store, { title: 'JML review queue', active: '/jml' }, jmlPage(await jmlQueue(store, period(c.req.query('days'))))))),
  );
  app.get('/api/jml', async (c) => c.json(await w.access.use((store) => jmlQueue(store, period(c.req.query('days'))))));
}

// The dashboard: the weekly report's KPIs and charts in the browser, built by
// the report's own code (figures, chart specs, PNG rendering).
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';
import { buildReport } from '../../../reports/build-report.js';
import { reportCharts } from '../../../reports/charts/specs.js';
import { renderChart } from '../../../reports/charts/render-chart.js';
import { dashboardPage } from '../pages/dashboard-page.js';

export function registerDashboardRoutes(app: Hono, w: WebContext): void {
  app.get('/dashboard', async (c) =>
    c.html(
      await w.access.use(async (store) => {
        const data = await buildReport(store);
        const charts = reportCharts(data.figures.trends).map((d) => ({ id: d.id, alt: d.alt }));
        return pageHtml(w, store, { title: 'Drift dashboard', active: '/dashboard' }, dashboardPage(data.figures, charts));
      }),
    ),
  );
  app.get('/dashboard/charts/:file', async (c) => {
    const id = c.req.param('file').replace(/\.png$/, '');
    const trends = await w.access.use(async (store) => (await buildReport(store)).figures.trends);
    const def = reportCharts(trends).find((d) => d.id === id);
    if (!def) return c.text('no such chart', 404);
    const chart = await renderChart(def);
    return c.body(new Uint8Array(chart.png), 200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
  });
}

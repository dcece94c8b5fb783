// The web view's dashboard, built by the report's own code (figures, chart
// specs, PNG rendering). `driftgraph serve` hands it to the web view from the
// composition root, so the core never imports reports/.
import type { GraphStore } from '../src/graph/store.js';
import type { Dashboard } from '../src/web/context.js';
import { buildReport } from './build-report.js';
import { reportCharts } from './charts/specs.js';
import { renderChart } from './charts/render-chart.js';
import { dashboardPage } from './formats/dashboard-page.js';

export const dashboard: Dashboard = {
  async page(store: GraphStore) {
    const data = await buildReport(store);
    const charts = reportCharts(data.figures.trends).map((d) => ({ id: d.id, alt: d.alt }));
    return dashboardPage(data.figures, charts);
  },
  async chart(store: GraphStore, id: string) {
    const trends = (await buildReport(store)).figures.trends;
    const def = reportCharts(trends).find((d) => d.id === id);
    // Rendered by the caller after the store is handed back: drawing needs no graph.
    return def ? async () => new Uint8Array((await renderChart(def)).png) : null;
  },
};

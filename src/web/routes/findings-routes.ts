// The findings list (HTML and API), one finding's page and its evidence graph.
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';
import { readFindings, fromNodeProps } from '../../findings/finding-store.js';
import { findingRow } from '../../findings/select.js';
import { render } from '../../util/output.js';
import { latestScanNow } from '../../graph/scan-now.js';
import type { GraphStore } from '../../graph/store.js';
import { checkViewQuery, facetCounts, newThisWeek, viewFindings, viewQuery } from '../findings-view.js';
import { findingsPage } from '../pages/findings-page.js';
import { findingPage } from '../pages/finding-page.js';
import { evidenceGraph } from '../evidence-graph.js';
import { html } from '../html.js';
import { formSession, formToken } from '../csrf.js';

async function personNames(store: GraphStore): Promise<Map<string, string>> {
  const rows = await store.read('MATCH (p:Person) RETURN p.employeeId AS id, p.displayName AS name');
  return new Map(rows.filter((r) => r.name).map((r) => [String(r.id), String(r.name)]));
}

/** Finding properties that a ticketing integration records (ticketId, ticketUrl, ticketStatus, ...). */
function ticketFields(props: Record<string, unknown>): [string, unknown][] {
  return Object.entries(props).filter(([k]) => /^ticket/i.test(k)).sort(([a], [b]) => a.localeCompare(b));
}

export function registerFindingsRoutes(app: Hono, w: WebContext): void {
  app.get('/', async (c) =>
    c.html(
      await w.access.use(async (store) => {
        const q = viewQuery(c.req.query());
        await checkViewQuery(store, q);
        const [all, asOf, names] = [await readFindings(store), await latestScanNow(store), await personNames(store)];
        const findings = viewFindings(all, q, asOf, names);
        const facets = facetCounts(all, q, asOf, names);
        return pageHtml(w, store, { title: 'Findings', active: '/', scripts: ['common.js', 'findings.js'] }, findingsPage({ query: q, findings, facets, newCount: newThisWeek(findings, asOf), names }));
      }),
    ),
  );

  // The same JSON array as `driftgraph findings --format json` for the same filters; CSV as `--format csv`.
  app.get('/api/findings', async (c) => {
    const q = viewQuery(c.req.query());
    const format = c.req.query('format') ?? 'json';
    const findings = await w.access.use(async (store) => {
      await checkViewQuery(store, q);
      return viewFindings(await readFindings(store), q, await latestScanNow(store), await personNames(store));
    });
    if (format === 'csv') {
      const rows = findings.map(findingRow);
      const columns = Object.keys(rows[0] ?? { id: '' });
      return c.body(render('csv', columns, rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="findings.csv"' });
    }
    if (format !== 'json') return c.json({ error: `format ${format}: json or csv` }, 400);
    return c.body(JSON.stringify(findings, null, 2) + '\n', 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  app.get('/findings/:id', async (c) => {
    const id = c.req.param('id');
    // The approve form's token, bound to this browser's form session (csrf.ts).
    const csrf = w.revocations ? formToken(w.csrfKey!, formSession(c)) : '';
    const out = await w.access.use(async (store) => {
      const rows = await store.read('MATCH (f:Finding {id: $id}) RETURN f', { id });
      if (!rows.length) return null;
      const props = rows[0]!.f as Record<string, unknown>;
      const finding = fromNodeProps(props, await latestScanNow(store));
      const scans = await store.read('MATCH (s:Scan) WHERE s.now >= $first AND s.now <= $last RETURN count(s) AS n', { first: finding.firstSeen, last: finding.lastSeen });
      const person = finding.person?.employeeId
        ? await store.read('MATCH (p:Person {employeeId: $id}) RETURN p.displayName AS name', { id: finding.person.employeeId })
        : [];
      const revocation = w.revocations ? await w.revocations.forFinding(store, id) : null;
      return pageHtml(w, store, { title: finding.title, active: '/', scripts: ['cytoscape.min.js', 'common.js', 'graph-view.js', 'finding.js', 'copy.js'] },
        findingPage({ finding, ticket: ticketFields(props), scansSeen: Number(scans[0]?.n ?? 0), personName: person[0]?.name ? String(person[0].name) : null, revocation, csrf }));
    });
    if (out === null) return c.html(await w.access.use((store) => pageHtml(w, store, { title: 'Not found', active: '/' }, html`<h1>No such finding</h1><p><a href="/">All findings</a></p>`)), 404);
    return c.html(out);
  });

  app.get('/api/findings/:id/graph', async (c) => {
    const id = c.req.param('id');
    const graph = await w.access.use(async (store) => {
      const rows = await store.read('MATCH (f:Finding {id: $id}) RETURN f.subjectKey AS key, f.entitlement AS entitlement, f.ruleId AS ruleId', { id });
      if (!rows.length) return null;
      const r = rows[0]!;
      return evidenceGraph(store, r.key ? String(r.key) : null, r.entitlement ? String(r.entitlement) : null, { activity: String(r.ruleId).startsWith('context-') });
    });
    return graph ? c.json(graph) : c.json({ error: 'no such finding' }, 404);
  });
}

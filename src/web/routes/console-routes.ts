// The Cypher console: the page, the saved queries, what the graph holds (for
// completion), and running a query exactly as `driftgraph query` does:
// writes are refused before they reach the store, which is read-only too.
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';
import { consolePage } from '../pages/console-page.js';
import { readSavedQueries } from '../../queries/saved-queries.js';
import { checkQuery } from '../../queries/check-query.js';
import { UsageError } from '../../util/errors.js';
import { columnsOf } from '../../util/output.js';
import { QueryTimeoutError, ReadOnlyQueryError, StoreLockedError } from '../../graph/store.js';
import { latestScanNow } from '../../graph/scan-now.js';

export function registerConsoleRoutes(app: Hono, w: WebContext): void {
  app.get('/console', async (c) => {
    const saved = await readSavedQueries(w.savedDir);
    return c.html(await w.access.use(async (store) => pageHtml(w, store, { title: 'Cypher console', active: '/console', scripts: ['cytoscape.min.js', 'common.js', 'graph-view.js', 'console.js'] }, consolePage(saved, await latestScanNow(store)))));
  });

  app.get('/api/saved', async (c) => c.json(await readSavedQueries(w.savedDir)));

  app.get('/api/schema', async (c) =>
    c.json(
      await w.access.use(async (store) => ({
        labels: (await store.read('MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l ORDER BY l')).map((r) => String(r.l)),
        relationshipTypes: (await store.read('MATCH ()-[r]->() RETURN DISTINCT type(r) AS t ORDER BY t')).map((r) => String(r.t)),
        propertyKeys: (await store.read('MATCH (n) WITH n LIMIT 2000 UNWIND keys(n) AS k RETURN DISTINCT k ORDER BY k')).map((r) => String(r.k)),
      })),
    ),
  );

  app.post('/api/query', async (c) => {
    let body: { cypher?: unknown; params?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'expected a JSON body {"cypher": "...", "params": {...}}' }, 400);
    }
    // `null` parses as JSON too: anything but an object is a bad request, not a crash.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json({ error: 'expected a JSON body {"cypher": "...", "params": {...}}' }, 400);
    if (typeof body.cypher !== 'string' || !body.cypher.trim()) return c.json({ error: 'cypher: a query is required' }, 400);
    const params = body.params && typeof body.params === 'object' && !Array.isArray(body.params) ? (body.params as Record<string, unknown>) : {};
    // The same checks as `driftgraph query`: Neo4j's parser, then reads only;
    // what runs is the plain form the check approved.
    let plain: string;
    try {
      plain = await checkQuery(body.cypher);
    } catch (e) {
      if (e instanceof ReadOnlyQueryError) return c.json({ error: e.message, refused: true }, 400);
      if (e instanceof UsageError) return c.json({ error: e.message }, 400);
      throw e;
    }
    try {
      // Under the console's limits (analystQueries.console: 30 s, 2,000 rows by default).
      const result = await w.access.analystQuery(plain, params);
      const rows = result.rows;
      return c.json({ columns: columnsOf(rows), rows, total: result.total ?? rows.length, truncated: result.truncated });
    } catch (e) {
      if (e instanceof StoreLockedError) throw e;
      if (e instanceof QueryTimeoutError) return c.json({ error: e.message, timedOut: true }, 400);
      const refused = e instanceof ReadOnlyQueryError;
      return c.json({ error: (e as Error).message, ...(refused ? { refused: true } : {}) }, 400);
    }
  });
}

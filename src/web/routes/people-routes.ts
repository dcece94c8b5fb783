// People: search, a person's page, and the same data as JSON.
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { pageHtml } from '../context.js';
import { findPeople, exactPerson } from '../../person/find-person.js';
import { personAccess } from '../../person/access.js';
import { peopleSearchPage, personPage } from '../pages/person-page.js';
import { html } from '../html.js';

export function registerPeopleRoutes(app: Hono, w: WebContext): void {
  app.get('/people', async (c) => {
    const q = c.req.query('q') ?? '';
    const body = await w.access.use(async (store) => {
      const matches = await findPeople(store, q);
      if (q && matches.length === 1) return { redirect: `/people/${encodeURIComponent(matches[0]!.employeeId)}` };
      return { page: await pageHtml(w, store, { title: 'People', active: '/people' }, peopleSearchPage(q, matches)) };
    });
    return body.redirect ? c.redirect(body.redirect, 303) : c.html(body.page!);
  });

  app.get('/people/:id', async (c) => {
    const id = c.req.param('id');
    const out = await w.access.use(async (store) => {
      const person = await exactPerson(store, id);
      const access = person ? await personAccess(store, person.key) : null;
      if (!access) return { status: 404 as const, page: await pageHtml(w, store, { title: 'Not found', active: '/people' }, html`<h1>No such person</h1><p>No one has the employee id or email ${id}. <a href="/people${`?q=${encodeURIComponent(id)}`}">Search for it</a>.</p>`) };
      return { status: 200 as const, page: await pageHtml(w, store, { title: String(access.person.displayName ?? id), active: '/people' }, personPage(access)) };
    });
    return c.html(out.page, out.status);
  });

  // The same JSON as `driftgraph person ID --format json`.
  app.get('/api/people/:id', async (c) => {
    const id = c.req.param('id');
    const access = await w.access.use(async (store) => {
      const person = await exactPerson(store, id);
      return person ? personAccess(store, person.key) : null;
    });
    if (!access) return c.json({ error: `no person has the employee id or email ${id}` }, 404);
    return c.body(JSON.stringify(access, null, 2) + '\n', 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  app.get('/api/people', async (c) => c.json(await w.access.use((store) => findPeople(store, c.req.query('q') ?? ''))));
}

// The web view's routes through a real HTTP client against a real server
// over the demo estate in the embedded store: status codes, the CSP, the
// token off 127.0.0.1, the findings API equal to the CLI's JSON, the
// console refusing writes as `query` does, markup in provider values
// escaped on every page, and a scan not blocked by a running view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { escapeHtml } from '../../src/util/escape.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security.js';
import type { RunningServer } from '../../src/web/server.js';
import { DEMO, INJECTIONS, base, cliAsync, injectionEstate, scanned, serve } from './web-helpers.js';

// These tests are about the embedded store; a Neo4j URI in the environment must not redirect them.
delete process.env.NEO4J_URI;

let db: string;
let server: RunningServer;
let criticalId: string;

// What a leaver's findings may be: the access he keeps, its credentials, what he owns.
const LEAVER_RULES = ['leaver-active-access', 'leaver-owned-nhi', 'long-lived-credential', 'stale-credential', 'never-used-credential'];
const PAGES = ['/', '/?severity=critical', '/?new=1&sort=firstSeen&dir=desc', '/people', '/people?q=clarke', '/people/E1009', '/jml', '/jml?days=30', '/console', '/dashboard'];
const APIS = ['/api/findings', '/api/findings?format=csv', '/api/people/E1009', '/api/people?q=kim', '/api/jml', '/api/saved', '/api/schema'];

before(() => {
  db = scanned(DEMO);
});
before(async () => {
  server = await serve(db);
  const r = await fetch(`${base(server)}/api/findings?severity=critical`);
  const list = (await r.json()) as { id: string; ruleId: string }[];
  criticalId = list.find((f) => f.ruleId === 'leaver-active-access')!.id;
});
after(async () => {
  await server?.close();
});

test('every page and API route answers 200 with the strict CSP and no inline script', async () => {
  for (const path of [...PAGES, `/findings/${criticalId}`, ...APIS, `/api/findings/${criticalId}/graph`, '/static/app.css', '/static/cytoscape.min.js', '/static/console.js']) {
    const r = await fetch(base(server) + path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    const body = await r.text();
    if ((r.headers.get('content-type') ?? '').startsWith('text/html')) {
      assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/i, `${path}: an inline script`);
      assert.doesNotMatch(body, /<style|\sstyle=|\son[a-z]+=/i, `${path}: inline style or handler`);
    }
  }
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:/);
});

test('unknown things answer 404, bad filters 400, and only listed static files are served', async () => {
  const get = async (p: string) => (await fetch(base(server) + p)).status;
  assert.equal(await get('/findings/f_nope'), 404);
  assert.equal(await get('/people/E9999'), 404);
  assert.equal(await get('/api/people/E9999'), 404);
  assert.equal(await get('/api/findings/f_nope/graph'), 404);
  assert.equal(await get('/static/..%2F..%2Fpackage.json'), 404);
  assert.equal(await get('/static/server.ts'), 404);
  assert.equal(await get('/nope'), 404);
  const bad = await fetch(`${base(server)}/api/findings?severity=urgent`);
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /severity=urgent: no such severity \(one of critical, high, medium, low\)/);
});

test('GET /api/findings answers the same JSON as `driftgraph findings --format json` for the same filters', async () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['?severity=critical', ['--severity', 'critical']],
    ['?rule=stale-credential,orphaned-nhi&source=aws', ['--rule', 'stale-credential,orphaned-nhi', '--source', 'aws']],
    ['?person=E1106', ['--person', 'E1106']],
    ['?status=all', ['--status', 'all']],
  ];
  for (const [qs, args] of cases) {
    const api = await (await fetch(`${base(server)}/api/findings${qs}`)).text();
    const c = await cliAsync(['--db', db, 'findings', ...args, '--format', 'json']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(api, c.stdout, `/api/findings${qs}`);
    assert.ok(JSON.parse(api).length > 0 || qs === '', qs);
  }
  const csv = await (await fetch(`${base(server)}/api/findings?severity=high&format=csv`)).text();
  assert.equal(csv, (await cliAsync(['--db', db, 'findings', '--severity', 'high', '--format', 'csv'])).stdout);
});

test('the page-only filters narrow the list: container, owner team, new this week', async () => {
  const all = (await (await fetch(`${base(server)}/api/findings`)).json()) as { subject: { container: string | null }; owners: { kind: string; id: string }[] }[];
  const sandbox = (await (await fetch(`${base(server)}/api/findings?container=222222222222`)).json()) as typeof all;
  assert.ok(sandbox.length > 0 && sandbox.length < all.length);
  assert.ok(sandbox.every((f) => f.subject.container === '222222222222'));
  const team = all.flatMap((f) => f.owners).find((o) => o.kind === 'team')!.id;
  const byTeam = (await (await fetch(`${base(server)}/api/findings?team=${encodeURIComponent(team)}`)).json()) as typeof all;
  assert.ok(byTeam.length > 0 && byTeam.every((f) => f.owners.some((o) => o.id === team)));
  // One scan: everything is new this week.
  assert.equal(((await (await fetch(`${base(server)}/api/findings?new=1`)).json()) as unknown[]).length, all.length);
  // The page's counts are the API's: derived, so the demo estate may grow.
  const critical = ((await (await fetch(`${base(server)}/api/findings?severity=critical`)).json()) as unknown[]).length;
  assert.ok(critical > 0);
  const page = await (await fetch(`${base(server)}/?severity=critical`)).text();
  assert.match(page, new RegExp(`<strong id="finding-count">${critical}</strong>`));
  assert.match(page, new RegExp(`<option value="critical" selected>critical \\(${critical}\\)</option>`));
});

test('GET /api/people/ID is the JSON of `driftgraph person ID --format json`', async () => {
  for (const id of ['E1009', 'omar.haddad@northwind.example']) {
    const api = await (await fetch(`${base(server)}/api/people/${encodeURIComponent(id)}`)).text();
    const c = await cliAsync(['--db', db, 'person', id, '--format', 'json']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(api, c.stdout, id);
  }
  const ethan = JSON.parse((await cliAsync(['--db', db, 'person', 'E1009', '--format', 'json'])).stdout);
  // Ethan's AWS account (the demo estate may give him accounts in other systems too).
  const aws = ethan.accounts.find((a: { source: string }) => a.source === 'aws');
  assert.equal(aws.linkMethod, 'aws-tag-email');
  assert.deepEqual(aws.credentials.map((c: { id: string }) => c.id), ['AKIA7KUG4CX5HVUQ6UI6']);
  assert.deepEqual(aws.entitlements.map((e: { name: string }) => e.name), ['developers']);
  // A leaver: his findings are his remaining access, its credentials (a Vault
  // token held too long) and what he still owns (an Entra ID app).
  assert.ok(ethan.findings.some((f: { ruleId: string }) => f.ruleId === 'leaver-active-access'));
  assert.ok(ethan.findings.every((f: { ruleId: string }) => LEAVER_RULES.includes(f.ruleId)), JSON.stringify(ethan.findings.map((f: { ruleId: string }) => f.ruleId)));
  const victor = JSON.parse((await cliAsync(['--db', db, 'person', 'victor.petrov@northwind.example', '--format', 'json'])).stdout);
  assert.ok(victor.owned.some((o: { identity: { name: string } | null; ownerMethod: string }) => o.identity?.name === 'grafana-cloudwatch' && o.ownerMethod === 'aws-tag:owner-email'));
  const ambiguous = await cliAsync(['--db', db, 'person', 'northwind', '--format', 'json']);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /people match "northwind"/);
});

test('the JML queue lists the demo leavers with access and the movers, with the clock', async () => {
  const q = (await (await fetch(`${base(server)}/api/jml`)).json()) as { items: { event: string; done: boolean; hoursSince: number; person: { employeeId: string }; shouldGo: { ruleId: string }[] }[] };
  const open = (e: string) => q.items.filter((i) => i.event === e && !i.done).map((i) => i.person.employeeId).sort();
  for (const id of ['E1009', 'E1011', 'E1206', 'E1402', 'E1505']) assert.ok(open('leaver').includes(id), `leaver ${id}`);
  for (const id of ['E1106', 'E1107']) assert.ok(open('mover').includes(id), `mover ${id}`);
  const ethan = q.items.find((i) => i.person.employeeId === 'E1009')!;
  assert.equal(ethan.hoursSince, 74);
  assert.ok(ethan.shouldGo.length > 0 && ethan.shouldGo.every((f) => LEAVER_RULES.includes(f.ruleId)));
  // Dana Kim's IAM user is fully disabled: in the period, but done.
  assert.equal(q.items.find((i) => i.person.employeeId === 'E1010')!.done, true);
  const omar = q.items.find((i) => i.person.employeeId === 'E1106')!;
  assert.ok(omar.shouldGo.length > 0 && omar.shouldGo.every((f) => f.ruleId === 'mover-residual-access'));
});

test('the console runs reads and refuses writes exactly as `query` does', async () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base(server)}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const ok = await post({ cypher: 'MATCH (p:Person {employeeId: $id}) RETURN p.email AS email', params: { id: 'E1009' } });
  assert.equal(ok.status, 200);
  assert.deepEqual(((await ok.json()) as { rows: unknown[] }).rows, [{ email: 'ethan.clarke@northwind.example' }]);
  for (const write of ["CREATE (n:Person {employeeId: 'X'})", 'MATCH (p:Person) DETACH DELETE p', "MATCH (p:Person) SET p.status = 'x'", 'MERGE (x:Team {key: 1})']) {
    const r = await post({ cypher: write });
    assert.equal(r.status, 400, write);
    const body = (await r.json()) as { error: string; refused: boolean };
    const c = await cliAsync(['--db', db, 'query', write]);
    assert.equal(c.code, 2);
    assert.equal(`driftgraph: ${body.error}\n`, c.stderr, write);
    assert.equal(body.refused, true);
  }
  assert.equal(((await (await post({ cypher: 'MATCH (p:Person) RETURN count(p) AS n' })).json()) as { rows: { n: number }[] }).rows[0]!.n, 42);
  assert.equal((await post({ cypher: 'MATCH (p:Person) RETURN count(p) AS n' }, { origin: 'http://evil.example' })).status, 403);
  assert.equal((await post({ nope: 1 })).status, 400);
  const saved = (await (await fetch(`${base(server)}/api/saved`)).json()) as { name: string; params: string[]; example: Record<string, unknown>; cypher: string }[];
  assert.ok(saved.length >= 20, `${saved.length} saved queries`);
  const leavers = saved.find((s) => s.name === 'leavers-residual-access-by-system')!;
  const r = (await (await post({ cypher: leavers.cypher, params: leavers.example })).json()) as { rows: { leavers: number }[] };
  assert.ok(r.rows.length > 0);
});

function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('on 127.0.0.1 without a token, a request naming another host (DNS rebinding) is refused', async () => {
  assert.equal(await rawGet(server.port, '/', `localhost:${server.port}`), 200);
  assert.equal(await rawGet(server.port, '/', `attacker.example:${server.port}`), 421);
});

test('with --host 0.0.0.0 every route answers 401 without the token; bearer, cookie and the printed URL work', async () => {
  const open = await serve(db, '0.0.0.0');
  try {
    assert.ok(open.token && open.tokenGenerated && open.token.length >= 32);
    const url = base(open);
    for (const path of [...PAGES, `/findings/${criticalId}`, ...APIS, '/static/app.css', '/static/cytoscape.min.js', '/nope']) {
      assert.equal((await fetch(url + path)).status, 401, path);
      assert.equal((await fetch(url + path, { headers: { authorization: 'Bearer wrong' } })).status, 401, path);
    }
    assert.equal((await fetch(`${url}/api/query`, { method: 'POST', body: '{"cypher":"RETURN 1 AS x"}' })).status, 401);
    assert.equal((await fetch(`${url}/`, { headers: { authorization: `Bearer ${open.token}` } })).status, 200);
    const login = await fetch(`${url}/jml?token=${open.token}`, { redirect: 'manual' });
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), '/jml');
    const cookie = login.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const withCookie = await fetch(`${url}/jml`, { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(withCookie.status, 200);
    assert.equal((await fetch(`${url}/?token=wrong`)).status, 401);
  } finally {
    await open.close();
  }
  const fromEnv = await serve(db, '127.0.0.1', { DRIFTGRAPH_WEB_TOKEN: 'a-token-from-the-environment' });
  try {
    assert.equal(fromEnv.tokenGenerated, false);
    assert.equal((await fetch(`${base(fromEnv)}/`)).status, 401);
    assert.equal((await fetch(`${base(fromEnv)}/`, { headers: { authorization: 'Bearer a-token-from-the-environment' } })).status, 200);
  } finally {
    await fromEnv.close();
  }
});

test('`driftgraph serve --host 0.0.0.0` prints the token once and enforces it', async () => {
  const bin = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, '--db', db, 'serve', '--host', '0.0.0.0', '--port', '0'], { env: { ...process.env, NEO4J_URI: '', DRIFTGRAPH_WEB_TOKEN: '' } });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /open (http:\/\/\S+\?token=\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const u = new URL(url);
    const token = u.searchParams.get('token')!;
    assert.equal(out.split(token).length - 1, 1, 'the token is printed once');
    const local = `http://127.0.0.1:${u.port}`;
    assert.equal((await fetch(`${local}/api/findings`)).status, 401);
    assert.equal((await fetch(`${local}/api/findings`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  } finally {
    child.kill('SIGTERM');
  }
});

test('a running view does not hold the store: a scan of the same file runs between requests', async () => {
  assert.equal((await fetch(`${base(server)}/jml`)).status, 200);
  const c = await cliAsync(['--db', db, 'scan', '--from', DEMO]);
  assert.equal(c.code, 0, c.stderr);
  assert.doesNotMatch(c.stderr, /waiting for/);
  assert.equal((await fetch(`${base(server)}/`)).status, 200);
});

test('markup in provider values is escaped on every page', async () => {
  const evil = scanned(injectionEstate(), 'driftgraph-web-inject-');
  const s = await serve(evil);
  try {
    const list = (await (await fetch(`${base(s)}/api/findings`)).json()) as { id: string; title: string; person: { employeeId: string } | null }[];
    const ethan = list.find((f) => f.person?.employeeId === 'E1009')!;
    const omar = list.find((f) => f.person?.employeeId === 'E1106')!;
    assert.ok(ethan.title.includes(INJECTIONS[0]!), 'the payload reached the finding title');
    const pages = [
      '/', '/?person=E1009', `/findings/${ethan.id}`, `/findings/${omar.id}`, '/people/E1009', '/people/E1106', '/jml', '/console',
      `/people?q=${encodeURIComponent(INJECTIONS[0]!)}`, `/people/${encodeURIComponent(INJECTIONS[1]!)}`, `/?person=${encodeURIComponent(INJECTIONS[2]!)}`,
      `/?rule=${encodeURIComponent(INJECTIONS[3]!)}`,
    ];
    let shownEscaped = 0;
    for (const path of pages) {
      const r = await fetch(base(s) + path);
      // A filter naming no rule (the markup one) answers 400, its message escaped like any page.
      assert.ok([200, 400, 404].includes(r.status), `${path}: ${r.status}`);
      const body = await r.text();
      for (const payload of INJECTIONS) {
        assert.ok(!body.includes(payload), `${path} contains the raw ${payload}`);
        if (body.includes(escapeHtml(payload))) shownEscaped++;
      }
      assert.doesNotMatch(body, /<script>alert|<img src=x|<svg\/onload|onmouseover='/i, path);
    }
    assert.ok(shownEscaped >= 10, `payloads shown (escaped) ${shownEscaped} times`);
    const person = (await (await fetch(`${base(s)}/api/people/E1009`)).json()) as { person: { displayName: string } };
    assert.equal(person.person.displayName, INJECTIONS[0], 'JSON carries the value as data');
  } finally {
    await s.close();
  }
});

test('`npm start` (the demo) ends by saying how to open the web view', async () => {
  const r = await cliAsync(['-q', 'demo'], {}, tempDir('driftgraph-demo-'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trimEnd().split('\n').slice(-2).join('\n'), /open the web view[^\n]*\n\s+npx driftgraph serve --db \.driftgraph\/demo\.db\s+then browse http:\/\/127\.0\.0\.1:7474\/$/);
});

test("a finding's evidence graph follows the path from its subject", async () => {
  const graphOf = async (rule: string, match: (f: { subject: { id: string }; entitlement: string | null }) => boolean) => {
    const list = (await (await fetch(`${base(server)}/api/findings?rule=${rule}`)).json()) as { id: string; subject: { id: string }; entitlement: string | null }[];
    const f = list.find(match)!;
    return (await (await fetch(`${base(server)}/api/findings/${f.id}/graph`)).json()) as { nodes: { id: string; kind: string }[]; edges: { source: string; target: string; label: string }[] };
  };
  const has = (g: { edges: { source: string; target: string; label: string }[] }, s: string, label: string, t: string) =>
    g.edges.some((e) => e.source === s && e.target === t && e.label.startsWith(label));
  const A = 'aws:111111111111:';
  // A stale key -> the NHI it authenticates as -> the team that owns it.
  const stale = await graphOf('stale-credential', (f) => f.subject.id === 'AKIAMYXGFJLMQ2AINPDF');
  assert.ok(has(stale, `${A}access-key:AKIAMYXGFJLMQ2AINPDF`, 'AUTHENTICATES_AS', `${A}user:arn:aws:iam::111111111111:user/service/terraform-admin`), JSON.stringify(stale.edges));
  assert.ok(stale.edges.some((e) => e.source === `${A}user:arn:aws:iam::111111111111:user/service/terraform-admin` && e.label.startsWith('OWNED_BY')));
  // A mover -> the account -> the old team's entitlement in question.
  // Omar holds several old-team entitlements (AWS, GCP, IAM Identity Center, ...): the AWS group's.
  const mover = await graphOf('mover-residual-access', (f) => f.entitlement === 'arn:aws:iam::111111111111:group/payments-engineers');
  assert.ok(has(mover, `${A}user:arn:aws:iam::111111111111:user/omar.haddad`, 'LINKED_TO', 'hr::person:E1106'));
  assert.ok(has(mover, `${A}user:arn:aws:iam::111111111111:user/omar.haddad`, 'HOLDS', `${A}group:arn:aws:iam::111111111111:group/payments-engineers`));
  // A context finding shows where the identity acted.
  const geo = await graphOf('context-geo-mismatch', (f) => f.subject.id.endsWith('role/app/payments-api'));
  assert.ok(geo.nodes.filter((n) => n.kind === 'Activity').length >= 2);
  assert.ok(geo.nodes.some((n) => n.kind === 'Service'));
});

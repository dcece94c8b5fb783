// Issue 21 case 2: a filter value that names nothing that exists is a typo,
// not an empty result: exit 2 on the command line, 400 from the web API,
// exit 2 for a ticket route, each with the closest name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir, writeTree } from '../helpers/cli.js';
import type { RunningServer } from '../../src/web/server.js';
import { serve } from '../web/web-helpers.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
let dir: string;
let db: string;
let server: RunningServer;

before(async () => {
  dir = tempDir('driftgraph-filters-');
  db = join(dir, 'g.db');
  const r = cli(['--db', db, '-q', 'scan', '--from', DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  server = await serve(db);
});
after(async () => {
  await server?.close();
});

test('findings filters that match nothing by a typo are exit 2 with the closest name', () => {
  const cases: [string[], RegExp][] = [
    [['--rule', 'stale-credentials'], /--rule stale-credentials: no such rule; did you mean "stale-credential"\?/],
    [['--source', 'githib'], /--source githib: no such source; did you mean "github"\?/],
    [['--severity', 'hgh'], /--severity hgh: no such severity; did you mean "high"\?/],
    [['--status', 'opne'], /--status opne: no such status; did you mean "open"\?/],
    [['--rule', 'stale-credential,orphan-nhi'], /--rule orphan-nhi: no such rule; did you mean "orphaned-nhi"\?/],
  ];
  for (const [args, why] of cases) {
    for (const format of ['table', 'json']) {
      const r = cli(['--db', db, 'findings', ...args, '--format', format], { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')} ${format}: ${r.stdout}`);
      assert.match(r.stderr, why);
      assert.equal(r.stdout, '', 'no "(no rows)" and no empty list');
    }
  }
  const ok = cli(['--db', db, 'findings', '--rule', 'stale-credential', '--source', 'github,aws', '--severity', 'high,medium', '--format', 'json'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok((JSON.parse(ok.stdout) as unknown[]).length > 0);
});

test('the web API answers 400 with the closest name for a filter that names nothing', async () => {
  const cases: [string, RegExp][] = [
    ['rule=stale-credentials', /rule=stale-credentials: no such rule; did you mean "stale-credential"\?/],
    ['source=githib', /source=githib: no such source; did you mean "github"\?/],
    ['severity=hgh', /did you mean "high"/],
    ['status=opne', /did you mean "open"/],
    ['team=group:default/paymnts', /team=group:default\/paymnts: no such team in the graph; did you mean "group:default\/payments"\?/],
    ['container=11111111111', /container=11111111111: no such container .*did you mean "111111111111"\?/],
    ['sort=sevrity', /sort=sevrity: not one of .*did you mean "severity"\?/],
  ];
  for (const [query, why] of cases) {
    const r = await fetch(`http://127.0.0.1:${server.port}/api/findings?${query}`);
    assert.equal(r.status, 400, query);
    assert.match(((await r.json()) as { error: string }).error, why);
    const page = await fetch(`http://127.0.0.1:${server.port}/?${query}`);
    assert.equal(page.status, 400, `page ?${query}`);
    await page.text();
  }
  const ok = await fetch(`http://127.0.0.1:${server.port}/api/findings?rule=stale-credential&team=group:default/payments`);
  assert.equal(ok.status, 200);
  await ok.text();
});

test('a ticket route naming no rule, source or team is exit 2 before any sink is called', () => {
  const routes = (route: string) =>
    `tickets:\n  webhook: {url: "http://127.0.0.1:9/hook"}\n  routes:\n    - {sink: webhook, ${route}}\n`;
  const bad = join(dir, 'bad.yaml');
  writeTree(dir, { 'bad.yaml': routes('rules: [stale-credentials], sources: [githib], ownerTeams: [paymnts]') });
  const r = cli(['--db', db, '--config', bad, 'tickets', '--dry-run'], { cwd: dir });
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /config .*bad\.yaml is invalid/);
  assert.match(r.stderr, /tickets\.routes\.0\.rules: stale-credentials: no such rule; did you mean "stale-credential"\?/);
  assert.match(r.stderr, /tickets\.routes\.0\.sources: githib: no such source; did you mean "github"\?/);
  assert.match(r.stderr, /tickets\.routes\.0\.ownerTeams: paymnts: no such team .*did you mean "group:default\/payments"\?/);
  assert.doesNotMatch(r.stdout, /no routed findings/);
  writeTree(dir, { 'good.yaml': routes('rules: [nhi-reuse], ownerTeams: [payments]') });
  const good = cli(['--db', db, '--config', join(dir, 'good.yaml'), 'tickets', '--dry-run'], { cwd: dir });
  assert.equal(good.code, 0, good.stdout + good.stderr);
});

// The dashboard shows the weekly report's figures and charts, from the same
// code: its numbers equal `driftgraph report --format json`, its charts are PNGs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cliAsync, DEMO, scanned, serve, base } from './web-helpers.js';
import type { RunningServer } from '../../src/web/server.js';

let db: string;
let server: RunningServer;
before(async () => {
  db = scanned(DEMO);
  server = await serve(db);
});
after(async () => {
  await server?.close();
});

test('the dashboard shows the report figures and draws its charts', async () => {
  const page = await (await fetch(`${base(server)}/dashboard`)).text();
  const r = await cliAsync(['--db', db, 'report', '--format', 'json', '--out', `${db}-report`]);
  const figures = JSON.parse(r.stdout) as { findings: { open: Record<string, number>; new: number }; timeToRevoke: { leavers: { pending: number } } };
  for (const s of ['critical', 'high', 'medium', 'low']) {
    assert.ok(page.includes(`data-kpi="findings.open.${s}">${figures.findings.open[s]}<`), `open ${s}`);
  }
  assert.ok(page.includes(`data-kpi="findings.new">${figures.findings.new}<`));
  assert.ok(page.includes(`data-kpi="timeToRevoke.leavers.pending">${figures.timeToRevoke.leavers.pending}<`));
  const charts = [...page.matchAll(/src="(\/dashboard\/charts\/[a-z-]+\.png)"/g)].map((m) => m[1]!);
  assert.ok(charts.length >= 3, `${charts.length} charts`);
  for (const c of charts) {
    const res = await fetch(`${base(server)}${c}`);
    assert.equal(res.status, 200, c);
    assert.equal(res.headers.get('content-type'), 'image/png');
    const png = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  }
  assert.equal((await fetch(`${base(server)}/dashboard/charts/nope.png`)).status, 404);
});

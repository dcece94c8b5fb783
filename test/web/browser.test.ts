// The web view in a real browser: Playwright drives Debian's chromium over
// the demo estate. The findings list filters down to one critical finding,
// its page draws the evidence graph, a leaver's person page lists the
// accounts, the JML queue shows the leavers and movers, and the console
// runs a saved query and refuses a write. No page may log a CSP violation
// or a script error. Screenshots go to artifacts/web/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../src/web/server.js';
import { DEMO, base, scanned, serve } from './web-helpers.js';
import { tempDir } from '../helpers/cli.js';

delete process.env.NEO4J_URI;

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/web/', import.meta.url));
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: run \`apt-get install -y chromium\` (CI: add it to .ci/run)`;
if (skip) console.log(`skipped the browser tests: ${skip}`);

let server: RunningServer;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
let expect400 = false;

before(async () => {
  if (skip) return;
  server = await serve(scanned(DEMO));
  mkdirSync(ARTIFACTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(tempDir('driftgraph-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    // The console's refused write is a 400 answer by design; anything else is a problem.
    if (m.type() === 'error' && !(expect400 && /status of 400/.test(m.text()))) problems.push(`${page.url()}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  // Nothing may leave 127.0.0.1 (no CDN, no font service).
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : (problems.push(`off-host request ${route.request().url()}`), route.abort())));
});

after(async () => {
  await context?.close();
  await server?.close();
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('the findings list filters to one critical finding, and its page draws the evidence graph', { skip }, async () => {
  // Counts come from the API, so the demo estate may grow with new sources.
  const count = async (qs: string) => String(((await (await fetch(`${base(server)}/api/findings${qs}`)).json()) as unknown[]).length);
  await page.goto(`${base(server)}/`);
  assert.equal(await page.textContent('#finding-count'), await count(''));
  await Promise.all([page.waitForURL(/severity=critical/), page.selectOption('select[name=severity]', 'critical')]);
  assert.equal(await page.textContent('#finding-count'), await count('?severity=critical'));
  await Promise.all([page.waitForURL(/container=111111111111/), page.selectOption('select[name=container]', '111111111111')]);
  assert.equal(await page.textContent('#finding-count'), '1');
  const rows = page.locator('table.findings tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match((await rows.first().textContent()) ?? '', /Ethan Clarke left on 2026-11-16/);
  await shot('findings');

  await Promise.all([page.waitForURL(/\/findings\/f_/), rows.first().locator('a').first().click()]);
  await page.waitForSelector('#evidence-graph[data-rendered]');
  const drawn = (await page.getAttribute('#evidence-graph', 'data-rendered'))!.split('\n');
  for (const key of ['hr::person:E1009', 'aws:111111111111:user:arn:aws:iam::111111111111:user/ethan.clarke', 'aws:111111111111:access-key:AKIA7KUG4CX5HVUQ6UI6']) {
    assert.ok(drawn.includes(key), `the graph has ${key}: ${drawn.join(', ')}`);
  }
  const canvas = await page.locator('#evidence-graph canvas').first().boundingBox();
  assert.ok(canvas && canvas.width > 200 && canvas.height > 200, 'a canvas of real size');
  assert.equal(await page.evaluate(() => (window as unknown as { evidenceGraph: { nodes(): { length: number } } }).evidenceGraph.nodes().length), drawn.length);
  assert.match((await page.textContent('#remediation-command')) ?? '', /aws iam/);
  await shot('finding');
});

test("a leaver's person page lists the accounts", { skip }, async () => {
  await page.goto(`${base(server)}/people`);
  await page.fill('input[name=q]', 'ethan');
  await Promise.all([page.waitForURL(/\/people\/E1009$/), page.press('input[name=q]', 'Enter')]);
  const accounts = await page.locator('table.accounts').first().textContent();
  assert.match(accounts ?? '', /ethan\.clarke/);
  assert.match(accounts ?? '', /aws-tag-email/);
  assert.match(accounts ?? '', /AKIA7KUG4CX5HVUQ6UI6/);
  assert.match((await page.textContent('h1')) ?? '', /leaver/);
  await shot('person');
});

test("the JML queue shows the demo's leavers and movers", { skip }, async () => {
  await page.goto(`${base(server)}/jml`);
  const leavers = await page.locator('tr.jml-leaver:not(.done)').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.employee));
  const movers = await page.locator('tr.jml-mover').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.employee));
  for (const id of ['E1009', 'E1505', 'E1011', 'E1206']) assert.ok(leavers.includes(id), `leaver ${id} in ${leavers}`);
  for (const id of ['E1106', 'E1107']) assert.ok(movers.includes(id), `mover ${id} in ${movers}`);
  assert.match((await page.locator('tr[data-employee=E1009] td.clock').textContent()) ?? '', /3 d/);
  await shot('jml');
});

test('the console runs a saved query, draws nodes as a graph, and refuses a write', { skip }, async () => {
  await page.goto(`${base(server)}/console`);
  await page.waitForSelector('#console-form[data-ready=yes]');
  await page.click('button.saved-query[data-name=leavers-residual-access-by-system]');
  await page.click('#run');
  await page.waitForFunction(() => /row\(s\)/.test(document.getElementById('status')!.textContent ?? ''));
  assert.match((await page.textContent('#result-table')) ?? '', /111111111111/);
  assert.match((await page.textContent('#result-table')) ?? '', /ethan\.clarke@northwind\.example/);

  await page.fill('#cypher', "MATCH (a:Account)-[l:LINKED_TO]->(p:Person) WHERE p.isLeaver = true RETURN a, l, p");
  await page.click('#run');
  await page.waitForFunction(() => /row\(s\)/.test(document.getElementById('status')!.textContent ?? ''));
  await page.click('button.tab[data-tab=graph]');
  await page.waitForSelector('#result-graph[data-rendered]');
  assert.ok((await page.getAttribute('#result-graph', 'data-rendered'))!.includes('hr::person:E1009'));
  await shot('console-graph');

  expect400 = true;
  await page.fill('#cypher', "MATCH (p:Person {employeeId: 'E1009'}) SET p.status = 'active' RETURN p");
  await page.click('#run');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error'), 'queries are read-only: SET would change the graph; only scans write to it');
  assert.equal(await page.textContent('#status'), 'refused');
  expect400 = false;
  await page.click('button.tab[data-tab=table]');
  await shot('console');
});

test('no page logged a CSP violation, a script error or an off-host request', { skip }, () => {
  assert.deepEqual(problems, []);
});

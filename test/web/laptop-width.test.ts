// The web view at a laptop's width (1280 px) in a real browser: no page is
// wider than the window (tables wrap), the evidence graph's labels do not
// overlap, two different nodes never share a label (two keys of one user are
// named by their ids), and the console clears an earlier graph when a query
// is refused. Screenshots go to artifacts/web/laptop-*.png.
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
const WIDTH = 1280;
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: run \`apt-get install -y chromium\``;

let server: RunningServer;
let context: BrowserContext;
let page: Page;

before(async () => {
  if (skip) return;
  server = await serve(scanned(DEMO, 'driftgraph-laptop-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(tempDir('driftgraph-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: WIDTH, height: 800 },
  });
  page = context.pages()[0] ?? (await context.newPage());
});

after(async () => {
  await context?.close();
  await server?.close();
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `laptop-${name}.png`), fullPage: true });

/** The page's width beyond the window, and the widest elements that cause it. */
async function overflow(): Promise<{ scroll: number; culprits: string[] }> {
  return page.evaluate((width) => {
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`);
    return { scroll: document.documentElement.scrollWidth, culprits };
  }, WIDTH);
}

/** Ids of findings of one rule, from the API. */
async function findingIds(rule: string): Promise<string[]> {
  const list = (await (await fetch(`${base(server)}/api/findings?rule=${rule}`)).json()) as { id: string }[];
  return list.map((f) => f.id);
}

test('every page fits 1280 px: wide tables wrap their cells instead of widening the page', { skip }, async () => {
  const finding = (await findingIds('leaver-active-access'))[0]!;
  const pages: [string, string][] = [
    ['findings', '/?status=all'],
    ['finding', `/findings/${finding}`],
    ['person', '/people/E1009'],
    ['jml', '/jml'],
    ['dashboard', '/dashboard'],
    ['console', '/console'],
  ];
  for (const [name, path] of pages) {
    await page.goto(`${base(server)}${path}`);
    await page.waitForLoadState('load');
    const o = await overflow();
    await shot(name);
    assert.ok(o.scroll <= WIDTH, `${path} is ${o.scroll} px wide at a ${WIDTH} px window: ${o.culprits.join(', ')}`);
  }
});

interface Box { x1: number; y1: number; x2: number; y2: number }

test("a finding's evidence graph draws no two node labels over each other, and no two nodes share a label", { skip }, async () => {
  // A user with two keys: the leaver-owned and stale findings around terraform-admin's keys, and a leaver's graph.
  const ids = [...(await findingIds('stale-credential')), ...(await findingIds('leaver-active-access'))];
  assert.ok(ids.length >= 2, 'the demo has findings to draw');
  for (const id of ids) {
    await page.goto(`${base(server)}/findings/${id}`);
    await page.waitForSelector('#evidence-graph[data-rendered]');
    const { labels, boxes } = await page.evaluate(() => {
      const cy = (window as unknown as { evidenceGraph: any }).evidenceGraph;
      const nodes = cy.nodes().toArray();
      return {
        labels: nodes.map((n: any) => String(n.data('label'))),
        boxes: nodes.map((n: any) => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) as Box),
      };
    });
    assert.equal(new Set(labels).size, labels.length, `/findings/${id}: two nodes share a label: ${labels.join(' | ')}`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
        assert.ok(!overlap, `/findings/${id}: the labels "${labels[i]}" and "${labels[j]}" overlap`);
      }
    }
  }
  await shot('evidence-graph');
});

test("the console names two keys of one user by their ids, and clears the graph when the next query is refused", { skip }, async () => {
  await page.goto(`${base(server)}/console`);
  await page.waitForSelector('#console-form[data-ready=yes]');
  await page.fill('#cypher', "MATCH (c:Credential)-[r:AUTHENTICATES_AS]->(i:Identity {name: 'terraform-admin'}) RETURN c, r, i");
  await page.click('#run');
  await page.waitForFunction(() => /row\(s\)/.test(document.getElementById('status')!.textContent ?? ''));
  await page.click('button.tab[data-tab=graph]');
  await page.waitForSelector('#result-graph[data-rendered]');
  const table = (await page.textContent('#result-table')) ?? '';
  assert.match(table, /AKIAMYXGFJLMQ2AINPDF/, 'the table names the active key by its id');
  assert.match(table, /AKIAI3WXPBYNHSIFMTEN/, 'and the inactive one by its own');
  assert.doesNotMatch(table, /\(:Credential\S* terraform-admin\)/, 'no key is named after its user');
  const drawn = (await page.getAttribute('#result-graph', 'data-labels'))!.split('\n');
  assert.ok(drawn.some((l) => l.includes('AKIAMYXGFJLMQ2AINPDF')) && drawn.some((l) => l.includes('AKIAI3WXPBYNHSIFMTEN')), drawn.join(' | '));
  assert.equal(new Set(drawn).size, drawn.length, `two nodes share a label: ${drawn.join(' | ')}`);
  await shot('console-keys');

  await page.fill('#cypher', "MATCH (p:Person {employeeId: 'E1009'}) SET p.status = 'active' RETURN p");
  await page.click('#run');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#status'), 'refused');
  assert.equal(await page.getAttribute('#result-graph', 'data-rendered'), null, 'the refused query left the earlier graph on screen');
  assert.equal(await page.locator('#result-graph canvas').count(), 0, 'no canvas of the earlier graph is left');
  assert.equal(((await page.textContent('#result-table')) ?? '').trim(), '', 'the earlier table is gone too');
  await shot('console-refused');
});

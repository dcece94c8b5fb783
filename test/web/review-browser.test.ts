// An access review end to end in a real browser: a campaign starts over the
// demo estate, the reviewer's link is mailed to an SMTP server in this
// process, Chromium opens the link from the mail, keeps one item and revokes
// another through the queue's forms, the link then refuses a second use, and
// `driftgraph review report` (the command line) writes the HTML and CSV with
// both decisions, the revoke recorded as an approval in the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { demoStore } from '../helpers/demo-store.js';
import { cliAsync, tempDir } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { cliStore } from '../../src/cli/context.js';
import { dashboard } from '../../reports/dashboard.js';
import { startCampaign } from '../../src/cli/commands/review.js';
import { ReviewDesk } from '../../src/reviews/desk.js';
import { Mailer } from '../../src/reviews/mail.js';
import { sendInvitations } from '../../src/reviews/notify.js';
import type { CampaignState } from '../../src/reviews/state.js';

delete process.env.NEO4J_URI;

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: run \`apt-get install -y chromium\``;
if (skip) console.log(`skipped the review browser test: ${skip}`);

let smtp: TestSmtp;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let db: string;
let configFile: string;
const problems: string[] = [];

before(async () => {
  if (skip) return;
  db = demoStore('driftgraph-review-web-');
  smtp = await startSmtp();
  const reviewsDir = join(dirname(db), 'reviews');
  const desk = new ReviewDesk(reviewsDir, { fallbackReviewer: 'security@northwind.example' });
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    openReadStore: (wait) => cliStore({ db, quiet: true }, { lockWaitSeconds: wait }, true),
    dashboard,
    storeLabel: db,
    reviews: desk,
  });
  configFile = join(dirname(db), 'driftgraph.yaml');
  writeFileSync(
    configFile,
    [
      'report:',
      '  email:',
      '    from: driftgraph@northwind.example',
      '    to: [security@northwind.example]',
      `    smtp: {host: 127.0.0.1, port: ${smtp.port}, secure: false}`,
      'reviews:',
      '  fallbackReviewer: security@northwind.example',
      `  webUrl: http://127.0.0.1:${server.port}/`,
      '  dir: reviews',
      '',
    ].join('\n'),
  );
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(tempDir('driftgraph-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    // The reused link's refusal is a 403 by design.
    if (m.type() === 'error' && !/status of 403/.test(m.text())) problems.push(`${page.url()}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
});

after(async () => {
  await context?.close();
  await server?.close();
  await smtp?.close();
});

async function decide(itemId: string, decision: string, reason: string): Promise<void> {
  const item = page.locator(`section.review-item[id="${itemId}"]`);
  await item.locator(`input[name=decision][value=${decision}]`).check();
  await item.locator('textarea[name=reason]').fill(reason);
  await item.locator("button[type=submit]").click();
  await page.waitForLoadState();
  if (!page.url().includes("done=")) throw new Error(`not recorded: ${page.url()}: ${await page.content()}`);
  assert.equal(await page.getAttribute(`section.review-item[id="${itemId}"]`, 'data-status'), 'decided');
}

test('start, mail the link, decide keep and revoke in Chromium, then the report', { skip }, async () => {
  const g = { db, config: configFile, quiet: true };
  const state: CampaignState = await startCampaign(g, { scope: 'nhi', by: 'lead@northwind.example' });
  // The reviewer with the most items: one is kept, another revoked.
  const [reviewer] = [...state.byReviewer.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  const items = state.queue(reviewer).filter((i, n, all) => all.findIndex((x) => x.accessId === i.accessId) === n);
  assert.ok(items.length >= 2, `${reviewer} has two accesses to review`);

  const desk = new ReviewDesk(join(dirname(db), 'reviews'), { webUrl: `http://127.0.0.1:${server.port}/` });
  const mailer = new Mailer({ from: 'driftgraph@northwind.example', to: ['security@northwind.example'], smtp: { host: '127.0.0.1', port: smtp.port, secure: false } });
  try {
    const sent = await sendInvitations({ desk, mailer, webUrl: desk.config.webUrl!, now: new Date().toISOString(), managerOf: async () => null }, (await desk.campaign(state.campaign.id))!, reviewer);
    assert.deepEqual(sent.invited, [reviewer]);
  } finally {
    mailer.close();
  }
  const mail = smtp.received.find((m) => m.to.includes(reviewer));
  assert.ok(mail, 'the reviewer got a mail');
  const link = /http:\/\/127\.0\.0\.1:\d+\/review\/open\?token=[\w.-]+/.exec(mail.mail.text ?? '')?.[0];
  assert.ok(link, `a link in the mail: ${mail.mail.text}`);
  assert.ok((mail.mail.html || '').includes('review/open?token='), 'the HTML part links too');

  await page.goto(link);
  await page.waitForURL(/\/review\/$/);
  assert.equal(await page.textContent('#reviewer'), reviewer);
  assert.equal(await page.locator('section.review-item').count(), state.queue(reviewer).length);
  await decide(items[0]!.id, 'keep', 'still runs the <b>nightly</b> export');
  await decide(items[1]!.id, 'revoke', 'service retired last quarter');
  assert.match((await page.textContent(`section.review-item[id="${items[0]!.id}"] .status`)) ?? '', /keep by .* still runs the <b>nightly<\/b> export/);

  // The link works once.
  const again = await page.goto(link);
  assert.equal(again?.status(), 403);
  assert.match((await page.textContent('.refused')) ?? '', /used already/);

  const report = await cliAsync(['--db', db, '--config', configFile, 'review', 'report', state.campaign.id, '--out', join(dirname(db), 'out')]);
  assert.equal(report.code, 0, report.stderr);
  const htmlFile = join(dirname(db), 'out', `${state.campaign.id}.html`);
  const reportHtml = readFileSync(htmlFile, 'utf8');
  assert.ok(reportHtml.includes('still runs the &lt;b&gt;nightly&lt;/b&gt; export'), 'the reason is escaped in the report');
  assert.ok(!reportHtml.includes('<b>nightly'), 'never as markup');
  assert.match(reportHtml, /Revocations that followed \(1\)/);
  const csv = readFileSync(join(dirname(db), 'out', `${state.campaign.id}.csv`), 'utf8').split('\r\n');
  const row = (id: string) => csv.find((l) => l.startsWith(`${state.campaign.id},${id},`)) ?? '';
  assert.match(row(items[0]!.id), new RegExp(`,decided,keep,${reviewer.replace(/\./g, '\\.')},`));
  assert.match(row(items[1]!.id), /,decided,revoke,.*service retired last quarter/);
  // The revoke is the reviewer's approval in the revocation audit trail.
  const audit = readFileSync(join(dirname(db), 'revocations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; ruleId?: string; approval?: { by: string } });
  assert.ok(audit.some((a) => a.event === 'approved' && a.ruleId === 'review-revoked' && a.approval?.by === reviewer), 'an approval by the reviewer');
  assert.deepEqual(problems, []);
});

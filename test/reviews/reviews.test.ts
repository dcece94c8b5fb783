// Access reviews in-process over a copy of the demo store: a reviewer can
// decide only their own items (another reviewer's item id, an expired, reused
// or forged link, a cross-site POST are all refused and leave no decision),
// a decision is on disk when the answer arrives, everything a reviewer types
// is escaped in the page, the CSV and the HTML report, and the decisions
// reach the store: a revoke as an approval, a keep as accepted risks, an
// overdue item as a review-overdue finding owned by its reviewer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { demoStore } from '../helpers/demo-store.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { cliStore } from '../../src/cli/context.js';
import { dashboard } from '../../reports/dashboard.js';
import { startCampaign } from '../../src/cli/commands/review.js';
import { ReviewDesk } from '../../src/reviews/desk.js';
import { makeLink, REVIEW_COOKIE } from '../../src/reviews/links.js';
import { eventsFile } from '../../src/reviews/journal.js';
import { syncReviews } from '../../src/reviews/sync.js';
import { campaignReport, reportCsv, reportHtml } from '../../src/reviews/report.js';
import { decideItem, ReviewRefused } from '../../src/reviews/decide.js';
import { loadRules } from '../../src/rules/rule-file.js';
import type { CampaignState } from '../../src/reviews/state.js';
import type { ReviewEvent } from '../../src/reviews/model.js';

delete process.env.NEO4J_URI;

const FALLBACK = 'security@northwind.example';
const HOSTILE = '<script>alert("r1")</script>"><img src=x onerror=alert(2)>';
let db: string;
let dir: string;
let server: RunningServer;
let desk: ReviewDesk;
let state: CampaignState;
let base: string;
/** Two reviewers, each with one access of their own. */
let a: { email: string; item: string };
let b: { email: string; item: string };

before(async () => {
  db = demoStore('driftgraph-reviews-');
  dir = join(dirname(db), 'reviews');
  const config = join(dirname(db), 'driftgraph.yaml');
  writeFileSync(config, `reviews:\n  fallbackReviewer: ${FALLBACK}\n  dir: reviews\n`);
  state = await startCampaign({ db, config, quiet: true }, { scope: 'all', by: 'lead@northwind.example', due: '2099-01-01' });
  desk = new ReviewDesk(dir, { fallbackReviewer: FALLBACK });
  server = await startServer({ host: '127.0.0.1', port: 0, openReadStore: (w) => cliStore({ db, quiet: true }, { lockWaitSeconds: w }, true), dashboard, storeLabel: db, reviews: desk });
  base = `http://127.0.0.1:${server.port}`;
  // Reviewers whose items are theirs alone (no colleague answers for the same access).
  const solo = [...state.byReviewer.entries()]
    .map(([email, ids]) => ({ email, item: ids.find((id) => (state.byAccess.get(state.items.get(id)!.accessId) ?? []).length === 1) }))
    .filter((x): x is { email: string; item: string } => !!x.item && x.email !== FALLBACK);
  assert.ok(solo.length >= 2, 'two reviewers with an item of their own');
  [a, b] = solo as [typeof a, typeof b];
});

after(async () => {
  await server?.close();
});

const events = (): ReviewEvent[] =>
  readFileSync(eventsFile(dir, state.campaign.id), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReviewEvent);

async function link(reviewer: string, expires = new Date(Date.now() + 3_600_000).toISOString()): Promise<string> {
  return makeLink(await desk.secret(), state.campaign.id, reviewer, expires).token;
}

/** Opens a link as a browser would: the session cookie and the page's CSRF token. */
async function signIn(token: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${base}/review/open?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  assert.equal(r.status, 303, await r.text());
  const cookie = /driftgraph_review=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
  const page = await (await fetch(`${base}/review/`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

function post(item: string, s: { cookie?: string; csrf?: string }, fields: Record<string, string>, origin = base): Promise<Response> {
  return fetch(`${base}/review/items/${item}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(s.cookie ? { cookie: s.cookie } : {}) },
    body: new URLSearchParams({ ...(s.csrf ? { csrf: s.csrf } : {}), ...fields }).toString(),
  });
}

test("a reviewer decides only their own items, and the decision is on disk before the answer", async () => {
  const sa = await signIn(await link(a.email));
  const before = events().filter((e) => e.event === 'decided').length;
  const other = await post(b.item, sa, { decision: 'revoke', reason: 'not yours to decide' });
  assert.equal(other.status, 404);
  assert.match(await other.text(), /no item/);
  assert.equal(events().filter((e) => e.event === 'decided').length, before, 'nothing recorded for another reviewer\'s item');
  const page = await (await fetch(`${base}/review/`, { headers: { cookie: sa.cookie } })).text();
  assert.ok(page.includes(a.item) && !page.includes(b.item), "the queue holds the reviewer's items only");

  const own = await post(a.item, sa, { decision: 'revoke', reason: 'service retired' });
  assert.equal(own.status, 303);
  const recorded = events().find((e) => e.event === 'decided' && e.itemId === a.item);
  assert.ok(recorded, 'in the file when the answer came');
  assert.equal(recorded.by, a.email);
  assert.equal(recorded.via, 'web');
  assert.ok(recorded.authority, 'with the authority the reviewer had');
  const twice = await post(a.item, sa, { decision: 'keep', reason: 'changed my mind' });
  assert.equal(twice.status, 409);
});

test('expired, reused and forged links are refused', async () => {
  const expired = await fetch(`${base}/review/open?token=${encodeURIComponent(await link(b.email, new Date(Date.now() - 1000).toISOString()))}`, { redirect: 'manual' });
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /expired/);

  const once = await link(b.email);
  await signIn(once);
  const reused = await fetch(`${base}/review/open?token=${encodeURIComponent(once)}`, { redirect: 'manual' });
  assert.equal(reused.status, 403);
  assert.match(await reused.text(), /used already/);
  assert.equal(reused.headers.get('set-cookie'), null);

  // Another reviewer's name in a valid link's payload: the signature no longer matches.
  const [payload, sig] = (await link(b.email)).split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, string>;
  const forged = `${Buffer.from(JSON.stringify({ ...claims, r: a.email })).toString('base64url')}.${sig}`;
  const r = await fetch(`${base}/review/open?token=${encodeURIComponent(forged)}`, { redirect: 'manual' });
  assert.equal(r.status, 403);
  // A session cookie made up by hand is no session either.
  const made = await fetch(`${base}/review/`, { headers: { cookie: `${REVIEW_COOKIE}=${forged}` } });
  assert.equal(made.status, 401);
});

test('a forged cross-site POST is refused', async () => {
  const sb = await signIn(await link(b.email));
  const sa = await signIn(await link(a.email));
  const n = events().filter((e) => e.event === 'decided').length;
  assert.equal((await post(b.item, { cookie: sb.cookie }, { decision: 'keep', reason: 'x' })).status, 403, 'no CSRF token');
  assert.equal((await post(b.item, { cookie: sb.cookie, csrf: sa.csrf }, { decision: 'keep', reason: 'x' })).status, 403, "another session's token");
  assert.equal((await post(b.item, sb, { decision: 'keep', reason: 'x' }, 'https://evil.example')).status, 403, 'another origin');
  const crossSite = await fetch(`${base}/review/items/${b.item}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: sb.cookie, 'sec-fetch-site': 'cross-site' },
    body: new URLSearchParams({ csrf: sb.csrf, decision: 'keep', reason: 'x' }).toString(),
  });
  assert.equal(crossSite.status, 403, 'a form the browser calls cross-site, even with the session and its token');
  assert.equal((await post(b.item, { csrf: sb.csrf }, { decision: 'keep', reason: 'x' })).status, 401, 'no session');
  assert.equal(events().filter((e) => e.event === 'decided').length, n);
});

test('what a reviewer types is data in the page, the CSV and the report', async () => {
  const sb = await signIn(await link(b.email));
  assert.equal((await post(b.item, sb, { decision: 'keep', reason: HOSTILE, keepDays: '30' })).status, 303);
  const page = await (await fetch(`${base}/review/?done=${b.item}`, { headers: { cookie: sb.cookie } })).text();
  assert.ok(page.includes('&lt;script&gt;alert(&quot;r1&quot;)&lt;/script&gt;'), 'escaped in the queue');
  assert.ok(!page.includes('<script>alert') && !page.includes('<img src=x'), 'never markup');
  const fresh = (await desk.campaign(state.campaign.id))!;
  // A formula at the start of a reason is text in a spreadsheet.
  const cItem = [...fresh.items.values()].find((i) => fresh.status(i.id) === 'open' && i.reviewer !== FALLBACK && (fresh.byAccess.get(i.accessId) ?? []).length === 1)!;
  await decideItem(fresh, { itemId: cItem.id, decision: 'keep', by: cItem.reviewer, reason: '=HYPERLINK("http://x")', via: 'cli' });
  const report = await campaignReport(fresh, null, new Date().toISOString());
  const html = reportHtml(report);
  assert.ok(!html.includes('<script>alert') && html.includes('&lt;script&gt;'), 'escaped in the HTML report');
  const csv = reportCsv(report);
  assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), 'the CSV cell is text, not a formula');
  assert.ok(csv.includes('"<script>alert(""r1"")</script>""><img src=x onerror=alert(2)>"'), 'the CSV holds the reason as written, quoted');
});

test('the command line cannot decide for someone else either', async () => {
  const s = (await desk.campaign(state.campaign.id))!;
  const open = [...s.items.values()].find((i) => s.status(i.id) === 'open')!;
  await assert.rejects(decideItem(s, { itemId: open.id, decision: 'keep', by: 'mallory@northwind.example', reason: 'x', via: 'cli' }), (e) => e instanceof ReviewRefused && e.status === 404);
  await assert.rejects(decideItem(s, { itemId: open.id, decision: 'keep', by: open.reviewer, via: 'cli' }), /a reason is required/);
  await assert.rejects(decideItem(s, { itemId: open.id, decision: 'reassign', by: open.reviewer, newOwner: 'not an owner', via: 'cli' }), /name the new owner/);
});

test('decisions reach the store: a revoke as an approval, a keep as accepted risks, overdue items as findings of their reviewers', async () => {
  const store = await cliStore({ db, quiet: true }, {});
  try {
    const now = new Date().toISOString();
    const accepted = await syncReviews(store, now);
    const kept = events().find((e) => e.event === 'decided' && e.itemId === b.item)!;
    assert.deepEqual(accepted.map((x) => x.subject).sort(), [...new Set(events().filter((e) => e.decision === 'keep').flatMap((e) => e.acceptedFindings ?? []))].sort());
    for (const x of accepted) assert.ok(x.reason.startsWith(`access review ${state.campaign.id} (keep)`) && x.expiresAt > now);
    assert.ok(kept.keepUntil! < new Date(Date.now() + 31 * 86_400_000).toISOString(), 'keepDays 30 holds 30 days');
    const audit = readFileSync(join(dirname(db), 'revocations.jsonl'), 'utf8');
    assert.match(audit, new RegExp(`"event":"approved".*"ruleId":"review-revoked".*"by":"${a.email.replace(/\./g, '\\.')}"`));

    const rules = new Map((await loadRules()).map((r) => [r.id, r]));
    const run = (id: string, at: string, extra: Record<string, number> = {}) => store.read(rules.get(id)!.cypher, { ...rules.get(id)!.params, ...extra, now: at });
    const revokedKey = state.items.get(a.item)!.subject.key;
    assert.deepEqual((await run('review-revoked', now)).map((r) => r.subjectKey), [revokedKey]);
    // Due on 2099-01-01: nothing is overdue now; a day after, every open item is, and no decided one.
    assert.equal((await run('review-overdue', now)).length, 0);
    const late = await run('review-overdue', '2099-01-03T00:00:00.000Z');
    const keys = new Set(late.map((r) => r.subjectKey));
    assert.ok(late.length > 0);
    assert.ok(!keys.has(revokedKey) && !keys.has(state.items.get(b.item)!.subject.key), 'decided accesses are not overdue');
    const one = late[0]!;
    assert.ok((one.owners as string[]).length > 0 && (one.owners as string[]).every((o) => (one.evidence as { reviewers: string[] }).reviewers.includes(o)), 'owned by its reviewers');
    assert.match(String(one.entitlement), new RegExp(`^review:${state.campaign.id}$`));

    assert.equal((await run('nhi-metadata-incomplete', now)).length, 0, 'nothing required by default');
    const missing = await run('nhi-metadata-incomplete', now, { requirePurpose: 1 });
    assert.ok(missing.length > 0 && missing.every((r) => (r.evidence as { missing: string[] }).missing.join() === 'purpose'));
  } finally {
    await store.close();
  }
});

test('a decision acknowledged survives a kill -9 of the process that took it', async () => {
  const s = (await desk.campaign(state.campaign.id))!;
  const open = [...s.items.values()].find((i) => s.status(i.id) === 'open' && (s.byAccess.get(i.accessId) ?? []).length === 1 && i.reviewer !== FALLBACK)!;
  const script = join(dirname(db), 'decide-then-wait.mts');
  const src = (f: string) => JSON.stringify(new URL(`../../src/reviews/${f}`, import.meta.url).pathname);
  writeFileSync(
    script,
    `import { CampaignState } from ${src('state.ts')};\nimport { decideItem } from ${src('decide.ts')};\n` +
      `const s = await CampaignState.load(${JSON.stringify(dir)}, ${JSON.stringify(state.campaign.id)});\n` +
      `await decideItem(s!, { itemId: ${JSON.stringify(open.id)}, decision: 'revoke', by: ${JSON.stringify(open.reviewer)}, reason: 'gone', via: 'cli' });\n` +
      `process.stdout.write('recorded\\n');\nsetInterval(() => {}, 1000);\n`,
  );
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('recorded') && resolve());
    child.on('exit', (code) => reject(new Error(`the child ended (${code}) before deciding`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const fresh = (await desk.campaign(state.campaign.id))!;
  assert.equal(fresh.status(open.id), 'decided');
  assert.equal(fresh.settled.get(open.accessId)?.reason, 'gone');
});

test('the scheduler starts a campaign the config defines, once its cron time passed', async () => {
  const { reviewsJob } = await import('../../src/schedule/reviews-job.js');
  const { schedulerLogger } = await import('../../src/schedule/log.js');
  const { parseConfig } = await import('../../src/config/parse.js');
  const { configSections } = await import('../../src/cli/registry.js');
  const config = parseConfig(
    { reviews: { fallbackReviewer: FALLBACK, dir: 'reviews', campaigns: [{ name: 'every-minute', scope: 'privileged', cron: '* * * * *', dueDays: 7 }] } },
    configSections,
  );
  const lines: string[] = [];
  const store = await cliStore({ db, quiet: true }, {});
  try {
    const r = await reviewsJob({
      store,
      config,
      configDir: dirname(db),
      signal: new AbortController().signal,
      log: schedulerLogger('json', { write: (l: string) => lines.push(l) }),
    });
    assert.equal(r.exitCode, 0, r.errors.join('\n'));
    const started = r.details!.started as string[];
    assert.equal(started.length, 1, 'the campaign whose time passed');
    assert.match(started[0]!, /^every-minute-/);
    const c = (await desk.campaign(started[0]!))!;
    assert.equal(c.campaign.scope, 'privileged');
    assert.equal(c.campaign.createdBy, 'driftgraph schedule');
    assert.ok(c.items.size > 0);
    assert.match(lines.join('\n'), /reminders need report\.email and reviews\.webUrl/);
  } finally {
    await store.close();
  }
});

test("a reviewer needs no token of the view's own, and gets nothing else of the view", async () => {
  const guarded = await startServer({ host: '127.0.0.1', port: 0, openReadStore: (w) => cliStore({ db, quiet: true }, { lockWaitSeconds: w }, true), dashboard, storeLabel: db, reviews: desk, env: { DRIFTGRAPH_WEB_TOKEN: 'the-view-token-0123456789' } });
  try {
    const at = `http://127.0.0.1:${guarded.port}`;
    const open = await fetch(`${at}/review/open?token=${encodeURIComponent(await link(b.email))}`, { redirect: 'manual' });
    assert.equal(open.status, 303);
    const cookie = /driftgraph_review=[^;]+/.exec(open.headers.get('set-cookie') ?? '')![0];
    assert.equal((await fetch(`${at}/review/`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${at}/review/static/app.css`)).status, 200);
    for (const path of ['/', '/api/findings', '/static/app.css', '/people']) {
      assert.equal((await fetch(`${at}${path}`, { headers: { cookie } })).status, 401, `${path} with a reviewer's session`);
    }
  } finally {
    await guarded.close();
  }
});

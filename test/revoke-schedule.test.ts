// Revocation from the scheduler, in-process against a local SCIM server and a
// webhook ticket sink: after each scan, revoke (plan only, then apply) and
// then tickets; actions waiting for an approval go on record and on their
// tickets; the web view's approve button (anti-forgery token, Origin); what
// was sent, verified and undone reaches the tickets once each; a guard that
// refuses sends nothing and fails the run; the weekly report splits automatic
// from manual and lists the approvals waiting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir, writeTree } from './helpers/cli.js';
import { peopleCsv, scimUser } from './helpers/estate.js';
import { startScimServer } from './servers/scim-server.js';
import { startWebhookReceiver } from './servers/webhook-receiver.js';
import { parseConfig } from '../src/config/parse.js';
import { configSections, registry, runReportJob } from '../src/cli/registry.js';
import { dashboard } from '../reports/dashboard.js';
import { openStore } from '../src/graph/open-store.js';
import { schedulerLogger } from '../src/schedule/log.js';
import { schedulePlan } from '../src/schedule/config.js';
import { runJob, type RunnerDeps } from '../src/schedule/run-job.js';
import { Scheduler, revokeMayFollow } from '../src/schedule/scheduler.js';
import { loadRules } from '../src/rules/rule-file.js';
import { startServer } from '../src/web/server.js';
import { webRevocations } from '../src/revoke/web-approvals.js';
import { revocationOf } from '../src/revoke/config.js';
import { AuditTrail } from '../src/revoke/audit.js';
import { undoAction } from '../src/revoke/undo.js';
import { postRevocationNotes, noteText, type ActionForNote } from '../src/tickets/revocation-notes.js';
import { buildReport } from '../reports/build-report.js';
import { markdownInline } from '../src/tickets/render-markdown.js';
import { renderAdf } from '../src/tickets/render-adf.js';
import { renderSlack } from '../src/tickets/render-slack.js';
import { revocationHtml, revocationMarkdown, revocationTerminal } from '../reports/formats/revocation-sections.js';
import { reportMarkdown } from '../reports/formats/markdown.js';

const TOKEN = 'crm-secret-token-schedule';

test('the scheduler revokes after each scan within the policy, tickets hear of it, the report splits it', async () => {
  process.env.CRM_TOKEN = TOKEN;
  const users = ['c1', 'c2', 'c3', 'c4'].map((id, i) => scimUser({ id, userName: `p${i + 1}@example.com`, active: true }));
  const crm = { token: TOKEN, users, groups: [] };
  const scim = await startScimServer({ crm });
  const hook = await startWebhookReceiver(null);
  const dir = tempDir('driftgraph-revoke-schedule-');
  writeTree(dir, { 'exports/hr/people.csv': peopleCsv([1, 2, 3, 4].map((n) => ({ id: `E${n}`, email: `p${n}@example.com`, status: 'terminated', endDate: '2026-01-31' }))) });
  const dbPath = join(dir, 'graph.db');
  const auditFile = join(dir, 'revocations.jsonl');
  const lines: Record<string, unknown>[] = [];
  const configOf = (revoke: Record<string, unknown>, revocation: Record<string, unknown>) =>
    parseConfig(
      {
        exportsDir: join(dir, 'exports'),
        scim: { apps: { crm: { baseUrl: scim.base('crm'), tokenEnv: 'CRM_TOKEN' } } },
        schedule: { scan: { sources: ['hr', 'scim'] }, revoke },
        tickets: { webhook: { url: hook.url }, routes: [{ sink: 'webhook', rules: ['leaver-active-access'] }] },
        revocation: { neverTouch: [{ source: 'scim', container: 'crm', id: 'c3' }], maxShareOfContainer: 1, ...revocation },
        lockWaitSeconds: 30,
      },
      configSections,
    );
  const deps: RunnerDeps = {
    registry,
    runReport: runReportJob,
    config: configOf({}, { approval: [{ rule: 'leaver-active-access' }] }),
    configDir: dir,
    plan: schedulePlan(configOf({}, {})),
    log: schedulerLogger('json', { write: (line: string) => lines.push(JSON.parse(line)) }),
    openStore: () => openStore({ dbPath, lockWaitSeconds: 30 }),
    rules: () => loadRules(),
    revocationAuditFile: auditFile,
  };
  const setConfig = (revoke: Record<string, unknown>, revocation: Record<string, unknown>) => {
    deps.config = configOf(revoke, revocation);
    deps.plan = schedulePlan(deps.config);
  };
  const night = async () => {
    const s = new Scheduler(deps);
    s.enqueue('scan', 'once');
    await s.idle();
    return s.runs;
  };
  const audit = () => readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  const comments = () => hook.received.map((r) => r.body).filter((b) => b.event === 'comment') as { key: string; comment: string }[];
  const findingOf = async (user: string) => {
    const store = await deps.openStore(() => {});
    try {
      return String((await store.read("MATCH (f:Finding {ruleId: 'leaver-active-access', subjectId: $id}) RETURN f.id AS id", { id: user }))[0]!.id);
    } finally {
      await store.close();
    }
  };
  try {
    // Night 1, plan only, every leaver needs an approval: scan, then revoke, then tickets.
    const first = await night();
    assert.deepEqual(first.map((r) => `${r.job} ${r.outcome}`), ['scan succeeded', 'revoke succeeded', 'tickets succeeded']);
    assert.equal(scim.writes.length, 0, 'plan only sends nothing');
    const planned = audit().filter((e) => e.event === 'planned');
    assert.deepEqual(planned.map((e) => `${e.subject.id} ${e.planState}`).sort(), ['c1 awaiting-approval', 'c2 awaiting-approval', 'c4 awaiting-approval']);
    assert.equal(audit().filter((e) => e.event === 'run-planned').length, 1);
    const [c1, c2, c4] = [await findingOf('c1'), await findingOf('c2'), await findingOf('c4')];
    assert.deepEqual(comments().map((c) => c.key).sort(), [c1, c2, c4].sort());
    assert.match(comments().find((c) => c.key === c2)!.comment, new RegExp(`driftgraph plans a revocation: deactivate SCIM user p2@example.com in app crm .*It needs an approval first: driftgraph revoke approve ${c2} --by EMAIL --reason TEXT`));

    // A second plan-only night puts nothing new on record and says nothing again.
    const before = { planned: planned.length, comments: comments().length };
    await night();
    assert.equal(audit().filter((e) => e.event === 'planned').length, before.planned);
    assert.equal(comments().length, before.comments);

    {
      const store = await deps.openStore(() => {});
      try {
        const report = await buildReport(store);
        assert.deepEqual(report.figures.revocations.awaitingApproval.map((a) => a.findingId).sort(), [c1, c2, c4].sort());
      } finally {
        await store.close();
      }
    }

    // The web view's approve button: refused without the form's token or from another origin; recorded with it.
    const web = await startServer({
      host: '127.0.0.1',
      port: 0,
      storeLabel: dbPath,
      openReadStore: (wait) => openStore({ dbPath, lockWaitSeconds: wait, readOnly: true }),
      openWriteStore: (wait) => openStore({ dbPath, lockWaitSeconds: wait }),
      revocations: webRevocations({ registry, rules: () => loadRules(), config: revocationOf(deps.config), auditFile }),
      dashboard,
    });
    try {
      const shown = await fetch(`${web.url}findings/${c2}`);
      const page = await shown.text();
      assert.match(page, /waiting for an approval/);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
      assert.ok(csrf, 'the approve form carries its token');
      // The token is bound to the browser's form session, a SameSite=Strict cookie set with the page.
      const setCookie = shown.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /driftgraph_form=[^;]+;.*HttpOnly/i);
      assert.match(setCookie, /SameSite=Strict/i);
      const cookie = /driftgraph_form=[^;]+/.exec(setCookie)![0];
      const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch(`${web.url}findings/${c2}/approve`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers }, body: new URLSearchParams(body) });
      const form = { by: 'ciso@example.com', reason: 'confirmed <b>leaver</b>' };
      assert.equal((await post(form)).status, 403, 'no token');
      assert.equal((await post({ ...form, csrf }, { cookie: 'driftgraph_form=' + 'A'.repeat(32) })).status, 403, "another browser's session");
      assert.equal((await post({ ...form, csrf }, { cookie: '' })).status, 403, 'no form session');
      assert.equal((await post({ ...form, csrf: 'x'.repeat(csrf.length) })).status, 403, 'a wrong token');
      assert.equal((await post({ ...form, csrf }, { origin: 'https://evil.example' })).status, 403, 'another origin');
      assert.equal((await post({ ...form, csrf }, { 'sec-fetch-site': 'cross-site' })).status, 403, 'a cross-site form');
      assert.equal((await post({ ...form, by: 'not-an-email', csrf })).status, 400);
      const ok = await post({ ...form, csrf });
      assert.equal(ok.status, 303);
      const after = await (await fetch(`${web.url}findings/${c2}`)).text();
      assert.match(after, /by <strong>ciso@example.com<\/strong>: confirmed &lt;b&gt;leaver&lt;\/b&gt;/);
    } finally {
      await web.close();
    }
    const approved = audit().find((e) => e.event === 'approved')!;
    assert.deepEqual([approved.findingId, approved.approval.by, approved.approval.via], [c2, 'ciso@example.com', 'web view from 127.0.0.1']);

    // Night 3, apply: only the approved one is sent; its ticket hears so.
    setConfig({ apply: true }, { approval: [{ rule: 'leaver-active-access' }] });
    const third = await night();
    assert.deepEqual(third.map((r) => `${r.job} ${r.outcome}`), ['scan succeeded', 'revoke succeeded', 'tickets succeeded']);
    assert.deepEqual([...scim.writes], ['crm PATCH Users/c2 replace active=false']);
    assert.match(comments().at(-1)!.comment, /driftgraph sent the revocation: deactivate SCIM user p2@example.com in app crm \(SCIM PATCH \/Users\/\{id\}\), decided by approval by ciso@example.com: confirmed <b>leaver<\/b>/);

    // Night 4: the scan no longer finds c2's access: resolved, and the ticket says verified.
    await night();
    assert.equal(comments().filter((c) => c.key === c2).at(-1)!.comment.startsWith('Verified: scan scan:'), true);
    assert.equal(scim.writes.length, 1, 'nothing is sent twice');

    {
      const store = await deps.openStore(() => {});
      try {
        const r = (await buildReport(store)).figures.revocations;
        assert.deepEqual([r.sent, r.sentByApproval, r.sentByPolicy], [1, 1, 0]);
        assert.equal(r.timeToRevoke.leavers.automatic.revoked, 1);
        assert.deepEqual(r.awaitingApproval.map((a) => a.findingId).sort(), [c1, c4].sort());
        const md = reportMarkdown(await buildReport(store));
        assert.match(md, /## Revocations by driftgraph\n[^#]*\| leavers \| [^|]+ \| [^|]+ \| 1 \| – \| – \| 0 \|/);
        assert.match(md, new RegExp(`### Waiting for an approval \\(2\\)[\\s\\S]*driftgraph revoke approve ${c1}`));
      } finally {
        await store.close();
      }
    }

    // A routine policy over maxPerRun: the scheduled run refuses, sends nothing, fails, and is on record.
    setConfig({ apply: true }, { routine: [{ rule: 'leaver-active-access' }], maxPerRun: 1 });
    const refused = await runJob(deps, 'revoke', 'once', new AbortController().signal);
    assert.deepEqual([refused.outcome, refused.exitCode], ['failed', 1]);
    assert.equal(scim.writes.length, 1);
    assert.match(audit().at(-1)!.detail, /2 actions planned, more than revocation\.maxPerRun \(1\)/);
    assert.equal(audit().at(-1)!.event, 'run-refused');
    assert.ok(lines.some((l) => l.msg === 'revoke failed' && JSON.stringify(l.errors).includes('maxPerRun')));

    // Undo: the ticket hears of it too.
    {
      const store = await deps.openStore(() => {});
      try {
        const trail = new AuditTrail(auditFile, store);
        const sent = audit().find((e) => e.event === 'executed')!;
        const undone = await undoAction(store, sent.actionId, { registry, config: deps.config, env: process.env, audit: trail, by: 'sec@example.com' });
        assert.equal(undone.exitCode, 0, undone.message);
        const notes = await postRevocationNotes(store, deps.config);
        assert.deepEqual(notes, { posted: 1, failed: [] });
        assert.match(comments().at(-1)!.comment, /driftgraph undid the revocation deactivate SCIM user p2@example.com in app crm at .*, by sec@example.com/);
        assert.deepEqual(await postRevocationNotes(store, deps.config), { posted: 0, failed: [] }, 'said once');
        // An approval the file got and the store missed (a kill -9 between the two) is copied over by the next run.
        await new AuditTrail(auditFile, null).record({ event: 'approved', findingId: c4, approval: { by: 'cto@example.com', reason: 'ok', expires: null, via: 'cli' }, decidedBy: 'cto@example.com' });
        assert.equal((await store.read('MATCH (a:RevocationApproval {findingId: $id}) RETURN count(a) AS n', { id: c4 }))[0]!.n, 0);
        await trail.reconcile();
        assert.equal((await store.read('MATCH (a:RevocationApproval {findingId: $id}) RETURN count(a) AS n', { id: c4 }))[0]!.n, 1);
        await trail.reconcile();
        assert.equal((await store.read('MATCH (a:RevocationApproval {findingId: $id}) RETURN count(a) AS n', { id: c4 }))[0]!.n, 1, 'copied once');
      } finally {
        await store.close();
      }
    }
    assert.ok(!readFileSync(auditFile, 'utf8').includes(TOKEN));
  } finally {
    await scim.close();
    await hook.close();
  }
});

test('a scan that did not complete is not followed by a revocation', () => {
  const run = { runId: 'r', job: 'scan' as const, recorded: true };
  assert.equal(revokeMayFollow({ ...run, outcome: 'succeeded', exitCode: 0 }), true);
  assert.equal(revokeMayFollow({ ...run, outcome: 'failed', exitCode: 1 }), true, 'a failed source: the guards hold its findings back');
  assert.equal(revokeMayFollow({ ...run, outcome: 'failed', exitCode: 2 }), false);
  assert.equal(revokeMayFollow({ ...run, outcome: 'interrupted', exitCode: 0 }), false);
  assert.equal(revokeMayFollow({ ...run, outcome: 'failed', exitCode: 1, recorded: false }), false);
});

test('a revocation note is data in every ticket markup', () => {
  const action: ActionForNote = {
    id: 'a_1', status: 'executed', planState: 'ready', findingId: 'f_1',
    summary: 'deactivate [click](https://evil.example) @octocat <img src=x> `tick` <!channel>',
    decidedBy: 'approval by a@example.com: *yes*', calls: [{ api: 'SCIM PATCH /Users/{id}' }],
    executedAt: '2026-11-20T02:10:00.000Z', undoneAt: null, undoneBy: null, detail: null, findingStatus: 'open', resolvedAt: null,
  };
  const note = noteText('done', action);
  const md = markdownInline(note);
  const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');
  assert.ok(!outsideCode.includes('[click]') && !outsideCode.includes('@octocat') && !outsideCode.includes('<img'), `only code spans hold provider text: ${md}`);
  const adf = JSON.stringify(renderAdf([{ para: note }]));
  assert.match(adf, /"text":"deactivate \[click\]\(https:\/\/evil.example\) @octocat <img src=x> `tick` <!channel>","marks":\[\{"type":"code"\}\]/);
  const slack = renderSlack('x', [{ para: note }]);
  assert.ok(!slack.includes('<!channel>') && !slack.includes('<img'), slack);
});

test("the report's revocation section: provider text is data, and a team without revocation gets none", () => {
  const hostile = 'deactivate <img src=x onerror=alert(1)> [x](https://evil.example) \u001b[31m';
  const line = { actionId: 'a_1', findingId: 'f_1', ruleId: 'leaver-active-access', summary: hostile, at: '2026-11-20T02:00:00.000Z', detail: 'SCIM PATCH /Users/{id} status 500: <b>' };
  const none = { median: null, p90: null, revoked: 0 };
  const figures = {
    recorded: 2, sent: 0, sentByPolicy: 0, sentByApproval: 0,
    timeToRevoke: { leavers: { automatic: none, manual: none }, movers: { automatic: none, manual: none } },
    failed: [line], undone: [], awaitingApproval: [{ actionId: 'a_2', findingId: 'f_2', ruleId: 'r', summary: hostile, plannedAt: '2026-11-19T02:00:00.000Z', severity: 'high' }],
  };
  const html = revocationHtml(figures).join('');
  assert.ok(!html.includes('<img') && !html.includes('<b>') && html.includes('&lt;img src=x'), html);
  const md = revocationMarkdown(figures).join('\n');
  assert.ok(!md.replace(/(`+)[\s\S]*?\1/g, '').includes('<img'), md);
  assert.ok(!revocationTerminal(figures).join('\n').includes('\u001b'));
  assert.deepEqual([revocationHtml({ ...figures, recorded: 0 }), revocationMarkdown({ ...figures, recorded: 0 })], [[], []]);
});

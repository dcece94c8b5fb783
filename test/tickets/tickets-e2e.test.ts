// The whole loop through the command line, against a local GitHub Issues API:
// scan, tickets, the same scan, tickets again (no duplicate); an issue closed
// by hand while the access is still there (reopened, revocationUnverified);
// a later scan that resolves a finding (its issue closed with the scan named);
// the local state lost (nothing duplicated); a sink down (exit 1, the other
// sink still ran, the next run does the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, rmSync } from 'node:fs';
import { dateAgo, emailOf, roleArn, userArn, writeEstate, ago, type Estate, type Person } from '../helpers/estate.js';
import { tempDir } from '../helpers/cli.js';
import { cliAsync } from './cli-async.js';
import { startGithubIssuesServer } from '../servers/github-issues-server.js';
import { startWebhookReceiver } from '../servers/webhook-receiver.js';

const ACCT = '111111111111';
const WEEK1 = '2026-11-20T02:00:00Z';
const WEEK2 = '2026-11-27T02:00:00Z';
const ENV = { GITHUB_TOKEN: 'test-github-token' };

const ana: Person = { id: 'E1', email: 'ana@example.com', name: 'Ana', department: 'payments' };

function estate(now: string, etlRole: boolean): Estate {
  const bo: Person = { id: 'E2', email: 'bo@example.com', name: 'Bo', status: 'terminated', endDate: dateAgo(WEEK1, 10) };
  return {
    collectedAt: now,
    people: [ana, bo],
    aws: [
      {
        id: ACCT,
        root: { mfa: true },
        users: [
          // A leaver's console user: leaver-active-access (critical).
          { name: 'bo', password: true, mfa: true, passwordLastUsed: ago(WEEK1, 20), tags: { email: emailOf(bo) } },
          { name: 'ana', password: true, mfa: true, passwordLastUsed: ago(now, 1), tags: { email: emailOf(ana) } },
        ],
        roles: [
          // Owned by the leaver: leaver-owned-nhi (high).
          { name: 'reports', tags: { owner: 'bo@example.com' }, lastUsed: ago(now, 2) },
          // No owner at all: orphaned-nhi (high); gone in week 2.
          ...(etlRole ? [{ name: 'etl', lastUsed: ago(now, 2) }] : []),
        ],
      },
    ],
  };
}

interface F {
  id: string;
  ruleId: string;
  severity: string;
  status: string;
  subject: { id: string };
  revocationUnverified?: boolean;
}

async function findings(db: string): Promise<F[]> {
  const r = await cliAsync(['--db', db, 'findings', '--status', 'all', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const markerOf = (body: string) => /^driftgraph-ticket: (f_[0-9a-f]{24}) ·/m.exec(body)?.[1];

test('scan, tickets, again: one issue per routed finding, closure is not revocation, a resolved finding closes its issue', async () => {
  const gh = await startGithubIssuesServer();
  const root = tempDir();
  const db = join(root, 'graph.db');
  const config = join(root, 'driftgraph.yaml');
  // The config as the README shows it, only the port is this server's.
  writeFileSync(config, `tickets:\n  github: {repo: acme/security-drift, baseUrl: "${gh.url}"}\n  routes:\n    - {minSeverity: high, sink: github}\n`);
  const run = (...args: string[]) => cliAsync(['--db', db, '--config', config, '-q', ...args], ENV);
  try {
    const week1 = await writeEstate(estate(WEEK1, true), root);
    assert.equal((await run('scan', '--from', week1)).code, 0);
    const routed = (await findings(db)).filter((f) => ['critical', 'high'].includes(f.severity) && f.status === 'open');
    assert.deepEqual(routed.map((f) => f.ruleId).sort(), ['leaver-active-access', 'leaver-owned-nhi', 'orphaned-nhi']);

    const dry = await run('tickets', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /github: open 3, update 0, close 0, reopen 0/);
    assert.equal(gh.issues.length, 0, '--dry-run changes nothing');
    assert.ok(!gh.requests.some((r) => !r.startsWith('GET ')), 'a dry run only reads');

    const first = await run('tickets');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /github: open 3, update 0, close 0, reopen 0/);
    assert.deepEqual(gh.issues.map((i) => markerOf(i.body)).sort(), routed.map((f) => f.id).sort(), 'exactly one issue per routed open finding, each with its id');
    assert.ok(gh.issues.every((i) => i.repo === 'acme/security-drift' && i.labels.includes('driftgraph')));

    // The same scan again, tickets again: nothing new.
    assert.equal((await run('scan', '--from', week1)).code, 0);
    const again = await run('tickets');
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /github: open 0, update 0, close 0, reopen 0/);
    assert.equal(gh.issues.length, 3);

    // A person closes the leaver's issue; the scan still shows the access.
    const leaver = routed.find((f) => f.ruleId === 'leaver-active-access')!;
    const issue = gh.issues.find((i) => markerOf(i.body) === leaver.id)!;
    gh.closeByHand(issue.repo, issue.number, '2026-11-21T09:30:00Z');
    const reopen = await run('tickets');
    assert.equal(reopen.code, 0, reopen.stdout + reopen.stderr);
    assert.match(reopen.stdout, /github: open 0, update 0, close 0, reopen 1/);
    assert.equal(issue.state, 'open');
    assert.equal(
      issue.comments.at(-1),
      `closed on 2026-11-21, but \`aws ${ACCT}\` still shows \`bo (${userArn(ACCT, 'bo')})\` as of \`scan:2026-11-20T02:00:00.000Z\`: closure is not revocation`,
    );
    const after = await findings(db);
    assert.equal(after.find((f) => f.id === leaver.id)!.revocationUnverified, true);
    assert.deepEqual(after.filter((f) => f.revocationUnverified).map((f) => f.id), [leaver.id], 'only that finding');
    assert.match((await run('tickets')).stdout, /github: open 0, update 0, close 0, reopen 0/, 'reopened once, not every run');

    // Next week: the orphaned role is gone; its issue is closed, naming the scan.
    assert.equal((await run('scan', '--from', await writeEstate(estate(WEEK2, false), root))).code, 0);
    const orphan = routed.find((f) => f.ruleId === 'orphaned-nhi')!;
    assert.equal(orphan.subject.id, roleArn(ACCT, 'etl'));
    const week2 = await run('tickets');
    assert.equal(week2.code, 0, week2.stdout + week2.stderr);
    assert.match(week2.stdout, /close 1/);
    const closed = gh.issues.find((i) => markerOf(i.body) === orphan.id)!;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.stateReason, 'completed');
    assert.match(closed.comments.at(-1)!, /scan:2026-11-27T02:00:00\.000Z/);
    assert.equal(gh.issues.filter((i) => i.state === 'open').length, 2);

    // The local state is lost (a new machine, a new store): the markers rebuild it; nothing is duplicated.
    rmSync(db, { recursive: true, force: true });
    rmSync(db + '.wal', { recursive: true, force: true });
    assert.equal((await run('scan', '--from', await writeEstate(estate(WEEK2, false), root))).code, 0);
    const rebuilt = await run('tickets');
    assert.equal(rebuilt.code, 0, rebuilt.stdout + rebuilt.stderr);
    assert.match(rebuilt.stdout, /github: open 0, update 0, close 0, reopen 0 \(2 existing ticket\(s\) found by their marker\)/);
    assert.equal(gh.issues.length, 3);
    assert.deepEqual(gh.schemaErrors, []);
  } finally {
    await gh.close();
  }
});

test('a sink that is down: exit 1 naming the call, the other sink still runs, the next run does the rest', async () => {
  const gh = await startGithubIssuesServer();
  const hook = await startWebhookReceiver('hook-secret');
  const root = tempDir();
  const db = join(root, 'graph.db');
  const config = join(root, 'driftgraph.yaml');
  writeFileSync(
    config,
    [
      'tickets:',
      `  github: {repo: acme/security-drift, baseUrl: "${gh.url}", writeIntervalMs: 0}`,
      `  webhook: {url: "${hook.url}", secretEnv: HOOK_SECRET}`,
      '  routes:',
      '    - {sink: github, rules: [leaver-active-access]}',
      '    - {sink: webhook, minSeverity: high}',
      '',
    ].join('\n'),
  );
  const env = { ...ENV, HOOK_SECRET: 'hook-secret' };
  const run = (...args: string[]) => cliAsync(['--db', db, '--config', config, '-q', ...args], env);
  try {
    assert.equal((await run('scan', '--from', await writeEstate(estate(WEEK1, true), root))).code, 0);
    hook.faults.push({ status: 500, times: 1000 });
    const down = await run('tickets');
    assert.equal(down.code, 1, down.stdout);
    assert.match(down.stdout, /webhook: FAILED webhook POST \/hook: status 500; 3 action\(s\) left for the next run/);
    assert.equal(gh.issues.length, 1, 'github still ran');
    assert.ok(!down.stdout.includes('hook-secret') && !down.stderr.includes('test-github-token'));

    hook.faults.length = 0;
    const next = await run('tickets');
    assert.equal(next.code, 0, next.stdout);
    assert.match(next.stdout, /github: open 0, update 0, close 0, reopen 0/);
    assert.match(next.stdout, /webhook: open 3, update 0, close 0, reopen 0/);
    assert.equal(hook.received.length, 3);
    assert.equal(hook.rejected, 0);
    assert.deepEqual(hook.received.map((r) => r.body.event), ['open', 'open', 'open']);

    // Without the token: that sink fails by name, before any call.
    const noToken = await cliAsync(['--db', db, '--config', config, '-q', 'tickets'], { GITHUB_TOKEN: '', HOOK_SECRET: 'hook-secret' });
    assert.equal(noToken.code, 1);
    assert.match(noToken.stdout, /github: FAILED github: GITHUB_TOKEN is not set/);
  } finally {
    await gh.close();
    await hook.close();
  }
});

// Revocation guards through the command line, against a local SCIM server:
// a misspelled policy is exit 2 with the closest name; an approval line plans
// and waits until `revoke approve`; neverTouch blocks; a user already gone is
// skipped and recorded; a call that keeps failing fails that action only
// (exit 1 naming the call) and the next run retries only it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliAsync, tempDir, writeTree } from './helpers/cli.js';
import { peopleCsv, scimUser } from './helpers/estate.js';
import { startScimServer } from './servers/scim-server.js';

const ENV = { CRM_TOKEN: 'crm-secret-token-9' };

test('revoke guards: typos, approvals, neverTouch, already gone, a failing call', async () => {
  const users = ['c1', 'c2', 'c3', 'c4'].map((id, i) => scimUser({ id, userName: `p${i + 1}@example.com`, active: true }));
  const app = { token: ENV.CRM_TOKEN, users, groups: [], writeFaults: [] as { match: RegExp; status: number; times: number }[] };
  const server = await startScimServer({ crm: app });
  try {
    const dir = tempDir();
    const base = ['exportsDir: exports', 'scim:', '  apps:', `    crm: {baseUrl: "${server.base('crm')}", tokenEnv: CRM_TOKEN}`, 'revocation:', '  maxShareOfContainer: 1'];
    writeTree(dir, {
      'exports/hr/people.csv': peopleCsv([1, 2, 3, 4].map((n) => ({ id: `E${n}`, email: `p${n}@example.com`, status: 'terminated', endDate: '2026-01-31' }))),
      'typo.yaml': [...base, '  routine: [{rule: leaver-activ-access}]'].join('\n'),
      'approval.yaml': [...base, '  approval: [{rule: leaver-active-access}]'].join('\n'),
      'driftgraph.yaml': [...base, '  routine: [{rule: leaver-active-access}]', '  neverTouch: [{source: scim, container: crm, id: c4}]'].join('\n'),
    });
    const run = (args: string[]) => cliAsync(args, { cwd: dir, env: ENV });
    assert.equal((await run(['-q', 'scan', '--sources', 'hr,scim'])).code, 0);

    const typo = await run(['--config', 'typo.yaml', 'revoke']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /revocation\.routine\.0\.rule: unknown rule "leaver-activ-access" \(did you mean leaver-active-access\?\)/);

    // Approval: planned, waiting, nothing sent until approved; then only the approved one.
    const waiting = JSON.parse((await run(['--config', 'approval.yaml', 'revoke', '--format', 'json'])).stdout);
    assert.deepEqual(waiting.counts, { 'awaiting-approval': 4 });
    assert.equal((await run(['--config', 'approval.yaml', 'revoke', '--apply'])).code, 0);
    assert.equal(server.writes.length, 0);
    const c2 = waiting.actions.find((a: { finding: { subject: { id: string } } }) => a.finding.subject.id === 'c2').finding.id;
    const bad = await run(['--config', 'approval.yaml', 'revoke', 'approve', c2, '--by', 'not-an-email', '--reason', 'x']);
    assert.equal(bad.code, 2);
    const approve = await run(['--config', 'approval.yaml', 'revoke', 'approve', c2, '--by', 'ciso@example.com', '--reason', 'confirmed leaver']);
    assert.equal(approve.code, 0, approve.stderr);
    const approved = await run(['--config', 'approval.yaml', 'revoke', '--apply', '--format', 'json']);
    assert.equal(approved.code, 0, approved.stderr);
    assert.deepEqual([...server.writes], ['crm PATCH Users/c2 replace active=false']);
    assert.equal(JSON.parse(approved.stdout).actions.find((a: { state: string }) => a.state === 'ready').decidedBy, 'approval by ciso@example.com: confirmed leaver');

    // Routine: c2 done before, c4 never touched; c3 is gone from the app; c1's PATCH fails every attempt.
    app.users.splice(app.users.findIndex((u) => u.id === 'c3'), 1);
    app.writeFaults.push({ match: /PATCH \/crm\/scim\/v2\/Users\/c1$/, status: 500, times: 4 });
    const first = await run(['revoke', '--apply', '--format', 'json']);
    assert.equal(first.code, 1);
    assert.match(first.stderr, /failed: deactivate SCIM user p1@example\.com in app crm: SCIM PATCH \/Users\/\{id\} status 500/);
    const out = JSON.parse(first.stdout);
    const byUser = (id: string) => out.actions.find((a: { finding: { subject: { id: string } } }) => a.finding.subject.id === id);
    assert.equal(byUser('c4').state, 'blocked');
    assert.equal(byUser('c4').reason, 'in revocation.neverTouch');
    assert.equal(byUser('c2').state, 'done');
    const outcome = (id: string) => out.applied.outcomes.find((o: { actionId: string }) => o.actionId === byUser(id).actionId)?.outcome;
    assert.deepEqual([outcome('c1'), outcome('c3')], ['failed', 'skipped']);
    assert.equal(server.writes.length, 1, 'the failed call changed nothing');

    // The next run retries only what is left: c1.
    const second = await run(['revoke', '--apply', '--format', 'json']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout).applied.outcomes.map((o: { outcome: string }) => o.outcome), ['executed']);
    assert.deepEqual([...server.writes], ['crm PATCH Users/c2 replace active=false', 'crm PATCH Users/c1 replace active=false']);

    // The trail: c1 failed, then started and executed; c3 skipped with the state read; no token.
    const text = readFileSync(join(dir, '.driftgraph', 'revocations.jsonl'), 'utf8');
    assert.ok(!text.includes(ENV.CRM_TOKEN));
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event: string; actionId?: string; before?: unknown; detail?: string });
    // First planned while it waited for an approval (the approval.yaml --apply puts waiting actions on record once).
    const c1Events = events.filter((e) => e.actionId === byUser('c1').actionId) as { event: string; planState?: string }[];
    assert.deepEqual(c1Events.map((e) => e.event), ['planned', 'planned', 'started', 'failed', 'planned', 'started', 'executed']);
    assert.deepEqual(c1Events.filter((e) => e.event === 'planned').map((e) => e.planState), ['awaiting-approval', 'ready', 'ready']);
    const skipped = events.find((e) => e.actionId === byUser('c3').actionId && e.event === 'skipped')!;
    assert.deepEqual([skipped.before, skipped.detail], [{ exists: false }, 'the user no longer exists in the app']);
    assert.ok(events.some((e) => e.event === 'approved'));
  } finally {
    await server.close();
  }
});

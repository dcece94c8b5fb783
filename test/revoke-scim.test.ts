// Revocation end to end through the command line, against a local SCIM 2.0
// server: live scans find leavers' active accounts; a dry run sends nothing;
// a plan over maxPerRun sends nothing; --apply sends exactly the planned
// PATCHes and a second --apply none; an app that failed in the latest scan is
// never acted on; undo restores the user; the next scan resolves what was
// revoked and keeps open what was not. No token reaches the audit trail.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliAsync, tempDir, writeTree } from './helpers/cli.js';
import { peopleCsv, scimUser } from './helpers/estate.js';
import { startScimServer } from './servers/scim-server.js';

const TOKENS = { CRM_TOKEN: 'crm-secret-token-1', WIKI_TOKEN: 'wiki-secret-token-2' };

function config(crm: string, wiki: string, extra: string[] = []): string {
  return [
    'exportsDir: exports',
    'scim:',
    '  apps:',
    `    crm: {baseUrl: "${crm}", tokenEnv: CRM_TOKEN}`,
    `    wiki: {baseUrl: "${wiki}", tokenEnv: WIKI_TOKEN}`,
    'revocation:',
    '  routine:',
    '    - {rule: leaver-active-access, sources: [scim]}',
    '  maxShareOfContainer: 1',
    ...extra,
  ].join('\n');
}

test('revoke: dry run, limits, apply once, failed app untouched, undo, and the next scan verifies', async () => {
  const server = await startScimServer({
    crm: {
      token: TOKENS.CRM_TOKEN,
      users: [
        scimUser({ id: 'c1', userName: 'leo@example.com', active: true }),
        scimUser({ id: 'c2', userName: 'mia@example.com', active: true }),
        scimUser({ id: 'c3', userName: 'ned@example.com', active: true }),
      ],
      groups: [],
    },
    wiki: { token: TOKENS.WIKI_TOKEN, users: [scimUser({ id: 'w1', userName: 'leo@example.com', active: true })], groups: [] },
  });
  try {
    const dir = tempDir();
    writeTree(dir, {
      'exports/hr/people.csv': peopleCsv([
        { id: 'E1', email: 'leo@example.com', status: 'terminated', endDate: '2026-01-31' },
        { id: 'E2', email: 'mia@example.com' },
        { id: 'E3', email: 'ned@example.com', status: 'terminated', endDate: '2026-02-28' },
      ]),
      'driftgraph.yaml': config(server.base('crm'), server.base('wiki')),
      'tight.yaml': config(server.base('crm'), server.base('wiki'), ['  maxPerRun: 1']),
    });
    const run = (args: string[], env: Record<string, string> = TOKENS) => cliAsync(args, { cwd: dir, env });
    const scan = (env: Record<string, string> = TOKENS) => run(['scan', '--sources', 'hr,scim', '--json'], env);
    const findings = async () =>
      JSON.parse((await run(['findings', '--format', 'json', '--status', 'open,resolved'])).stdout) as { id: string; status: string; subject: { container: string; id: string }; revocationSent?: boolean }[];

    // Both apps load; then a scan where wiki refuses the token: wiki failed in the latest scan.
    assert.equal((await scan()).code, 0);
    const second = await scan({ ...TOKENS, WIKI_TOKEN: 'wrong' });
    assert.equal(second.code, 1, second.stderr);

    const dry = await run(['revoke', '--format', 'json']);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    const ready = plan.actions.filter((a: { state: string }) => a.state === 'ready');
    assert.deepEqual(ready.map((a: { finding: { subject: { id: string } } }) => a.finding.subject.id).sort(), ['c1', 'c3']);
    const wiki = plan.actions.find((a: { finding: { subject: { container: string } } }) => a.finding.subject.container === 'wiki');
    assert.equal(wiki.state, 'blocked');
    assert.match(wiki.reason, /wiki failed in the latest scan/);
    assert.equal(server.writes.length, 0, 'a dry run sends nothing');

    // A dry run a guard would refuse says so and exits 1, as --apply would.
    const tightDry = await run(['--config', 'tight.yaml', 'revoke']);
    assert.equal(tightDry.code, 1);
    assert.match(tightDry.stderr, /would refuse this plan: 2 actions planned, more than revocation\.maxPerRun \(1\)/);
    const tight = await run(['--config', 'tight.yaml', 'revoke', '--apply']);
    assert.equal(tight.code, 1);
    assert.match(tight.stderr, /more than revocation\.maxPerRun \(1\)/);
    assert.equal(server.writes.length, 0, 'a plan over maxPerRun sends nothing');

    const apply = await run(['revoke', '--apply']);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.deepEqual(server.writes.sort(), ['crm PATCH Users/c1 replace active=false', 'crm PATCH Users/c3 replace active=false']);
    const again = await run(['revoke', '--apply']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.writes.length, 2, 'a second --apply sends nothing');

    // The audit trail: file and store agree; each action started before it executed; no token anywhere.
    const lines = readFileSync(join(dir, '.driftgraph', 'revocations.jsonl'), 'utf8');
    for (const t of Object.values(TOKENS)) assert.ok(!lines.includes(t));
    const events = lines.trim().split('\n').map((l) => JSON.parse(l) as { event: string; actionId?: string });
    const c1 = ready.find((a: { finding: { subject: { id: string } } }) => a.finding.subject.id === 'c1').actionId;
    const c3 = ready.find((a: { finding: { subject: { id: string } } }) => a.finding.subject.id === 'c3').actionId;
    assert.deepEqual(events.filter((e) => e.actionId === c1).map((e) => e.event), ['planned', 'started', 'executed']);
    const listed = JSON.parse((await run(['revocations', '--format', 'json'])).stdout) as { id: string; status: string }[];
    assert.deepEqual(listed.map((a) => `${a.id} ${a.status}`).sort(), [`${c1} executed`, `${c3} executed`].sort());
    assert.ok((await findings()).filter((f) => f.revocationSent).length === 2);

    const undo = await run(['revoke', 'undo', c3, '--by', 'sec@example.com']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(server.writes.at(-1), 'crm PATCH Users/c3 replace active=true');

    // The next scan: leo's crm account is gone (resolved); ned's came back (open); wiki's never touched (open).
    assert.equal((await scan()).code, 0);
    const after = await findings();
    const state = (app: string, id: string) => after.find((f) => f.subject.container === app && f.subject.id === id)?.status;
    assert.equal(state('crm', 'c1'), 'resolved');
    assert.equal(state('crm', 'c3'), 'open');
    assert.equal(state('wiki', 'w1'), 'open');
    // Undone is final: the next run does not redo what a person put back; wiki loaded again, so its leaver is acted on now.
    const third = await run(['revoke', '--apply']);
    assert.equal(third.code, 0, third.stderr);
    const writes: string[] = server.writes;
    assert.deepEqual(writes.slice(3), ['wiki PATCH Users/w1 replace active=false']);
  } finally {
    await server.close();
  }
});

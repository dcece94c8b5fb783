// kill -9 during `revoke --apply`, at random points (REVOKE_KILL9_RUNS runs:
// 6 in `npm test`, 30 in `npm run proof:revoke-kill9`): half the runs die at a random request to the SCIM server
// (before it is served, or after a PATCH took effect but before the answer),
// half at a random moment after the first request. Then one run finishes.
// Whatever the kill points: every user is deactivated exactly once, every
// PATCH the server saw was recorded as started before it, every action ends
// recorded in the file and in the store, and the file holds no torn record
// that hides another. Prints the table of where the runs died.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { cliAsync, tempDir, writeTree } from './helpers/cli.js';
import { peopleCsv, scimUser } from './helpers/estate.js';
import { startScimServer } from './servers/scim-server.js';

const BIN = fileURLToPath(new URL('../bin/driftgraph.mjs', import.meta.url));
const RUNS = Number(process.env.REVOKE_KILL9_RUNS ?? 6);
const USERS = 40;
const ENV = { CRM_TOKEN: 'crm-kill9-token' };

test(`kill -9 during revoke --apply (${RUNS} runs): nothing lost, nothing sent twice`, { timeout: 1_800_000 }, async () => {
  const users = Array.from({ length: USERS }, (_, i) => scimUser({ id: `u${i}`, userName: `p${i}@example.com`, active: true }));
  const server = await startScimServer({ crm: { token: ENV.CRM_TOKEN, users, groups: [] } });
  try {
    const dir = tempDir();
    writeTree(dir, {
      'exports/hr/people.csv': peopleCsv(users.map((_, i) => ({ id: `E${i}`, email: `p${i}@example.com`, status: 'terminated', endDate: '2026-01-31' }))),
      'driftgraph.yaml': [
        'exportsDir: exports',
        'scim:',
        '  apps:',
        `    crm: {baseUrl: "${server.base('crm')}", tokenEnv: CRM_TOKEN}`,
        'revocation:',
        '  routine: [{rule: leaver-active-access}]',
        '  maxPerRun: 100',
        '  maxShareOfContainer: 1',
      ].join('\n'),
    });
    assert.equal((await cliAsync(['-q', 'scan', '--sources', 'hr,scim'], { cwd: dir, env: ENV })).code, 0);
    const plan = JSON.parse((await cliAsync(['revoke', '--format', 'json'], { cwd: dir, env: ENV })).stdout);
    const actionOfUser = new Map<string, string>((plan.actions as { finding: { subject: { id: string } }; actionId: string }[]).map((a) => [a.finding.subject.id, a.actionId]));
    assert.equal(actionOfUser.size, USERS);

    const table: string[] = [];
    let killed = 0;
    for (let run = 0; run < RUNS; run++) {
      const child = spawn(process.execPath, [BIN, '-q', 'revoke', '--apply', '--format', 'json'], { cwd: dir, env: { ...process.env, NEO4J_URI: '', ...ENV }, stdio: 'ignore' });
      const byRequest = run % 2 === 0;
      const target = 1 + Math.floor(Math.random() * 6);
      const phase = Math.random() < 0.5 ? 'before' : 'after';
      let seen = 0;
      let where = 'not killed (finished)';
      server.onRequest = (p, line) => {
        if (p === 'before') seen++;
        if (byRequest && seen === target && (p === phase || (phase === 'after' && !line.includes('PATCH')))) {
          where = `request ${target} (${line}), ${p}`;
          child.kill('SIGKILL');
          server.onRequest = undefined;
        } else if (!byRequest && seen === 1 && p === 'before') {
          const delay = Math.floor(Math.random() * 400);
          where = `${delay} ms after the first request`;
          setTimeout(() => child.kill('SIGKILL'), delay);
          server.onRequest = undefined;
        }
      };
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      server.onRequest = undefined;
      if (signal === 'SIGKILL') killed++;
      else where = 'not killed (finished)';
      table.push(`run ${String(run + 1).padStart(2)}: ${where}; deactivated so far ${server.writes.length}`);
    }
    const last = await cliAsync(['revoke', '--apply', '--format', 'json'], { cwd: dir, env: ENV });
    assert.equal(last.code, 0, last.stderr);
    process.stdout.write(`# ${table.join('\n# ')}\n# killed ${killed} of ${RUNS} runs\n`);

    // Every user deactivated exactly once.
    assert.deepEqual([...server.writes].sort(), users.map((u) => `crm PATCH Users/${u.id} replace active=false`).sort());
    // Every PATCH was recorded as started first; every action ends recorded.
    const lines = readFileSync(join(dir, '.driftgraph', 'revocations.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
    const events: { event: string; actionId?: string }[] = [];
    let torn = 0;
    for (const l of lines) {
      try {
        events.push(JSON.parse(l));
      } catch {
        torn++;
      }
    }
    assert.ok(torn <= killed, 'only a record cut by a kill can be torn');
    for (const u of users) {
      const id = actionOfUser.get(String(u.id))!;
      const mine = events.filter((e) => e.actionId === id).map((e) => e.event);
      assert.ok(mine.includes('started'), `${u.id}: started recorded before its PATCH`);
      const end = mine.filter((e) => e === 'executed' || e === 'skipped');
      assert.ok(end.length === 1, `${u.id}: one final record (${mine.join(', ')})`);
    }
    // The store caught up with the file (reconciled after kills between the two writes).
    const listed = JSON.parse((await cliAsync(['revocations', '--format', 'json'], { cwd: dir, env: ENV })).stdout) as { id: string; status: string }[];
    assert.equal(listed.length, USERS);
    assert.ok(listed.every((a) => a.status === 'executed' || a.status === 'skipped'), JSON.stringify(listed.filter((a) => a.status !== 'executed' && a.status !== 'skipped')));
  } finally {
    await server.close();
  }
});

// runTicketsJob as the scheduler calls it, on the embedded store, with Jira
// and one ticket per (owner, rule): the group opens once, a person moving it
// to Done while its findings are open reopens it and flags every open one,
// a dry run changes nothing, and the refs are stored on the findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { readFindings, writeFindings } from '../../src/findings/finding-store.js';
import { runTicketsJob } from '../../src/tickets/sync.js';
import { adfText } from '../../src/tickets/render-adf.js';
import { JiraSink } from '../../src/tickets/sinks/jira.js';
import { tempDir } from '../helpers/cli.js';
import { startJiraServer, JIRA_EMAIL, JIRA_TOKEN } from '../servers/jira-server.js';
import { hostileFinding } from './sink-contract.js';
import type { Config } from '../../src/config/schema.js';

test('jira, grouped per (owner, rule): open once, Done by hand is reopened and flagged, dry run changes nothing', async () => {
  const jira = await startJiraServer();
  const store = await openEmbeddedStore(join(tempDir(), 'graph.db'));
  try {
    await ensureSchema(store);
    const owners = [{ kind: 'team' as const, id: 'group:default/payments', method: 'catalog' }];
    const a = hostileFinding({ id: 'f_a00000000000000000000000', owners, subject: { source: 'aws', container: '111111111111', type: 'user', id: 'arn:aws:iam::111111111111:user/a', name: 'a' } });
    const b = hostileFinding({ id: 'f_b00000000000000000000000', owners, subject: { source: 'aws', container: '111111111111', type: 'user', id: 'arn:aws:iam::111111111111:user/b', name: 'b' } });
    await writeFindings(store, [a, b]);
    const config: Config = {
      tickets: { jira: { url: jira.url, project: 'SEC' }, routes: [{ sink: 'jira', ownerTeams: ['payments'], group: 'owner-rule', issueType: 'Bug' }] },
    };
    const lines: string[] = [];
    const options = {
      env: { JIRA_EMAIL, JIRA_API_TOKEN: JIRA_TOKEN },
      createSink: () => new JiraSink({ url: jira.url, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, project: 'SEC', http: { backoffMs: 10 } }),
      print: (l: string) => lines.push(l),
    };

    const dry = await runTicketsJob(store, config, { ...options, dryRun: true });
    assert.deepEqual(dry.sinks[0]!.planned, { open: 1, update: 0, close: 0, reopen: 0 });
    assert.equal(jira.issues.length, 0);

    const first = await runTicketsJob(store, config, options);
    assert.equal(first.exitCode, 0, lines.join('\n'));
    assert.equal(jira.issues.length, 1);
    const issue = jira.issues[0]!;
    assert.equal(issue.issueType, 'Bug');
    assert.match(adfText(issue.description), /2 finding\(s\) of rule leaver-active-access for group:default\/payments/);
    const stored = await store.read('MATCH (f:Finding) RETURN f.id AS id, f.ticketSink AS sink, f.ticketRef AS ref, f.ticketState AS state ORDER BY f.id');
    assert.deepEqual(stored, [
      { id: a.id, sink: 'jira', ref: 'SEC-1', state: 'open' },
      { id: b.id, sink: 'jira', ref: 'SEC-1', state: 'open' },
    ]);

    jira.closeByHand('SEC-1');
    const second = await runTicketsJob(store, config, options);
    assert.deepEqual(second.sinks[0]!.done, { open: 0, update: 0, close: 0, reopen: 1 });
    assert.equal(issue.status, 'To Do');
    assert.match(adfText(issue.comments.at(-1)), /closed on \d{4}-\d\d-\d\d, but aws 111111111111 still shows a \(arn:aws:iam::111111111111:user\/a\) as of scan:2026-11-20T02:00:00.000Z: closure is not revocation/);
    assert.deepEqual((await readFindings(store)).map((f) => f.revocationUnverified), [true, true]);
    assert.deepEqual(second.revocationUnverified, [a.id, b.id]);

    const third = await runTicketsJob(store, config, options);
    assert.deepEqual(third.sinks[0]!.planned, { open: 0, update: 0, close: 0, reopen: 0 });
    assert.equal(jira.issues.length, 1);
    assert.deepEqual(jira.adfErrors, []);
  } finally {
    await store.close();
    await jira.close();
  }
});

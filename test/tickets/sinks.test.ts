// Each sink against a local server speaking its wire format, through the one
// shared contract; then what is particular to each (markup, assignees,
// signatures, Slack's shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GithubSink } from '../../src/tickets/sinks/github.js';
import { JiraSink } from '../../src/tickets/sinks/jira.js';
import { WebhookSink } from '../../src/tickets/sinks/webhook.js';
import { adfText } from '../../src/tickets/render-adf.js';
import { ticketContent } from '../../src/tickets/plan.js';
import { startGithubIssuesServer } from '../servers/github-issues-server.js';
import { startJiraServer, JIRA_EMAIL, JIRA_TOKEN } from '../servers/jira-server.js';
import { startWebhookReceiver } from '../servers/webhook-receiver.js';
import { hostileFinding, sinkContract, unitOf } from './sink-contract.js';

const FAST = { backoffMs: 20 };

sinkContract('github', async () => {
  const gh = await startGithubIssuesServer();
  const sink = new GithubSink({ repo: 'acme/security-drift', token: 'test-github-token', baseUrl: gh.url, writeIntervalMs: 0, retryBaseMs: 20 });
  const issue = (ref: string) => gh.issues.find((i) => `${i.repo}#${i.number}` === ref)!;
  return {
    sink,
    target: { repo: 'acme/security-drift' },
    isOpen: (ref) => issue(ref).state === 'open',
    texts: (ref) => [issue(ref).body, ...issue(ref).comments],
    inject: (status, times) => gh.faults.push({ method: 'POST', path: /\/issues$/, status, times }),
    close: async () => {
      assert.deepEqual(gh.schemaErrors, []);
      await gh.close();
    },
  };
});

sinkContract('jira', async () => {
  const jira = await startJiraServer();
  const sink = new JiraSink({ url: jira.url, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, project: 'SEC', http: FAST });
  const issue = (ref: string) => jira.issues.find((i) => i.key === ref)!;
  return {
    sink,
    target: { project: 'SEC', issueType: 'Task' },
    isOpen: (ref) => issue(ref).status !== 'Done',
    texts: (ref) => [adfText(issue(ref).description), ...issue(ref).comments.map(adfText)],
    inject: (status, times) => jira.faults.push({ method: 'POST', path: /\/rest\/api\/3\/issue$/, status, times }),
    close: async () => {
      assert.deepEqual(jira.adfErrors, []);
      await jira.close();
    },
  };
});

sinkContract('webhook', async () => {
  const hook = await startWebhookReceiver('test-webhook-secret');
  const sink = new WebhookSink({ url: hook.url, secret: 'test-webhook-secret', http: FAST });
  const events = (ref: string) => hook.received.filter((r) => `webhook:${r.body.key}` === ref);
  return {
    sink,
    target: {},
    isOpen: (ref) => {
      const last = events(ref).at(-1);
      return last ? last.body.state === 'open' : null;
    },
    texts: (ref) => events(ref).map((r) => JSON.stringify(r.body)),
    inject: (status, times) => hook.faults.push({ status, times }),
    close: async () => {
      assert.equal(hook.rejected, 0);
      await hook.close();
    },
  };
});

test('github: values are code spans, the owner is assigned, the token goes only in the header', async () => {
  const gh = await startGithubIssuesServer();
  try {
    const sink = new GithubSink({ repo: 'acme/security-drift', token: 'test-github-token', baseUrl: gh.url, writeIntervalMs: 0, retryBaseMs: 20 });
    const f = hostileFinding({ owners: [{ kind: 'person', id: 'ana@example.com', method: 'aws-tag:owner' }] });
    await sink.open({ repo: 'acme/security-drift' }, ticketContent(unitOf('github', f, {}), new Map([['ana@example.com', 'ana-gh']])));
    const issue = gh.issues[0]!;
    assert.deepEqual(issue.assignees, ['ana-gh']);
    assert.deepEqual(issue.labels, ['driftgraph', 'severity:critical']);
    // Outside code spans and code blocks, no provider text is left to render.
    const outside = issue.body.replace(/```[\s\S]*?```/g, '').replace(/(`+)[\s\S]*?\1/g, '');
    for (const bad of ['](', '![', '<b>', '@octocat', '@here', '@acme', 'javascript:']) assert.ok(!outside.includes(bad), `${bad} outside code: ${outside}`);
    assert.match(issue.body, /```sh\naws iam delete-login-profile --user-name 'x'\n```/);
    assert.match(issue.body, /^driftgraph-ticket: f_0123456789abcdef01234567 · state: open · digest: [0-9a-f]{12}$/m);
    assert.ok(!issue.body.includes('wJalrXUtnFEMI'));
    assert.ok(!gh.requests.some((r) => r.includes('test-github-token')));
    assert.deepEqual(gh.schemaErrors, []);
  } finally {
    await gh.close();
  }
});

test('jira: ADF text nodes only, the owner account assigned, excepted closes as Won\'t Do', async () => {
  const jira = await startJiraServer();
  try {
    const sink = new JiraSink({ url: jira.url, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, project: 'SEC', accounts: { 'Ana@example.com': '5b10ac8d82e05b22cc7d4ef5' }, http: FAST });
    const f = hostileFinding({ owners: [{ kind: 'person', id: 'ana@example.com', method: 'catalog' }] });
    const { ref } = await sink.open({ project: 'SEC', issueType: 'Bug' }, ticketContent(unitOf('jira', f, {}), new Map()));
    const issue = jira.issues[0]!;
    assert.equal(ref, 'SEC-1');
    assert.equal(issue.issueType, 'Bug');
    assert.equal(issue.assignee, '5b10ac8d82e05b22cc7d4ef5');
    const nodes = JSON.stringify(issue.description);
    assert.ok(!nodes.includes('"link"') && !nodes.includes('"mention"') && !nodes.includes('"media"'));
    assert.match(adfText(issue.description), /!\[img\]\(https:\/\/evil\.example\/i\.png\)/, 'the value is kept, as text');
    const excepted = hostileFinding({ status: 'excepted', exception: { reason: 'migration', approvedBy: 'ciso@example.com', expires: '2027-01-31T00:00:00.000Z' } });
    await sink.close(ref, ticketContent(unitOf('jira', excepted, {}), new Map()), [{ text: 'Excepted' }], 'excepted');
    assert.equal(issue.status, 'Done');
    assert.equal(issue.resolution, "Won't Do");
    assert.deepEqual(jira.adfErrors, []);
    assert.ok(jira.jql.length === 0);
    await sink.find([{ project: 'SEC' }]);
    assert.equal(jira.jql[0], 'project in ("SEC") AND labels = "driftgraph" ORDER BY created ASC');
  } finally {
    await jira.close();
  }
});

test('webhook: refused when signed wrong, Slack format posts {text}', async () => {
  const hook = await startWebhookReceiver('right-secret');
  try {
    const content = ticketContent(unitOf('webhook', hostileFinding(), {}), new Map());
    await assert.rejects(new WebhookSink({ url: hook.url, secret: 'wrong-secret', http: FAST }).open({}, content), /webhook POST \/hook: status 401/);
    await new WebhookSink({ url: hook.url, secret: 'right-secret', format: 'slack', http: FAST }).open({}, content);
    const slack = hook.received[0]!.body;
    assert.deepEqual(Object.keys(slack), ['text']);
    assert.ok(!slack.text.includes('<b>'), 'angle brackets escaped for Slack');
    assert.match(slack.text, /&lt;b&gt;/);
    // Outside code, no provider text (Slack links bare URLs).
    assert.ok(!slack.text.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '').includes('evil.example'));
    assert.ok(!JSON.stringify(hook.received).includes('right-secret'));
  } finally {
    await hook.close();
  }
});

test('github: a token whose labels GitHub drops stops with the reason, not with issues it could not find again', async () => {
  const gh = await startGithubIssuesServer();
  try {
    gh.dropLabels = true;
    const sink = new GithubSink({ repo: 'acme/security-drift', token: 'test-github-token', baseUrl: gh.url, writeIntervalMs: 0, retryBaseMs: 20 });
    await assert.rejects(
      sink.open({ repo: 'acme/security-drift' }, ticketContent(unitOf('github', hostileFinding(), {}), new Map())),
      /github POST \/repos\/acme\/security-drift\/issues: status 201 \(acme\/security-drift#1 was opened without the label driftgraph: the token needs Issues write access\)/,
    );
  } finally {
    await gh.close();
  }
});

test('github: a rate limit that resets in an hour fails the call instead of stalling the job', async () => {
  const gh = await startGithubIssuesServer();
  try {
    const sink = new GithubSink({ repo: 'acme/security-drift', token: 'test-github-token', baseUrl: gh.url, writeIntervalMs: 0, retryBaseMs: 20 });
    gh.faults.push({ method: 'GET', path: /\/issues$/, status: 403, times: 10, resetInSeconds: 3600 });
    const started = Date.now();
    await assert.rejects(sink.find([{ repo: 'acme/security-drift' }]), /github GET \/repos\/acme\/security-drift\/issues: status 403/);
    // Failing at once, not waiting out the hour: a wide bound, so a busy machine does not turn it red.
    assert.ok(Date.now() - started < 120_000);
  } finally {
    await gh.close();
  }
});

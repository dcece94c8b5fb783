// The pieces without a server: Markdown escaping (a property over any string),
// the config section, routing, and the plan's decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeMarkdown } from '../../src/util/escape.js';
import { parseConfig as parseWith } from '../../src/config/parse.js';
import { configSections } from '../../src/cli/registry.js';
import { UsageError } from '../../src/util/errors.js';
import { routeFindings } from '../../src/tickets/routing.js';
import { planSink, ticketContent, type PlanAction } from '../../src/tickets/plan.js';
import { plain } from '../../src/tickets/ticket-doc.js';
import type { RemoteTicket } from '../../src/tickets/sink.js';
import { ticketsOf, type TicketsConfig } from '../../src/tickets/config.js';
import { hostileFinding } from './sink-contract.js';

const parseConfig = (raw: unknown) => parseWith(raw, configSections);

test('escapeMarkdown: any string becomes one code span that holds it literally', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = escapeMarkdown(s);
      const expected = s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
      if (expected === '') return out === '(empty)';
      if (/^[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]+$/.test(expected)) return /^\(blank: \d+ whitespace characters?\)$/.test(out);
      const fence = /^`+/.exec(out)![0];
      assert.ok(out.endsWith(fence));
      let inner = out.slice(fence.length, out.length - fence.length);
      assert.ok(!/[\r\n]/.test(inner), 'one line');
      // No run of exactly the fence length inside: the span cannot end early.
      assert.ok(!(inner.match(/`+/g) ?? []).some((run) => run.length === fence.length));
      if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
      assert.equal(inner, expected);
      return true;
    }),
    // A fixed seed so npm test is repeatable.
    { numRuns: 2000, seed: Number(process.env.DRIFTGRAPH_FUZZ_SEED ?? 20261205) },
  );
  assert.equal(escapeMarkdown('[x](https://evil) @admins'), '`[x](https://evil) @admins`');
  assert.equal(escapeMarkdown('a `b` c'), '``a `b` c``');
  assert.equal(escapeMarkdown('`start'), '`` `start ``');
});

test('config: the README example parses; a route to a sink that is not configured names the key', () => {
  const c = parseConfig({ tickets: { github: { repo: 'acme/security-drift', baseUrl: 'http://127.0.0.1:8089' }, routes: [{ minSeverity: 'high', sink: 'github' }] } });
  assert.equal(ticketsOf(c)?.github?.repo, 'acme/security-drift');
  assert.throws(() => parseConfig({ tickets: { github: { repo: 'acme/x' }, routes: [{ sink: 'jira' }] } }), (e: unknown) => e instanceof UsageError && /tickets\.routes\.0\.sink: sink jira is not configured/.test(e.message));
  assert.throws(() => parseConfig({ tickets: { github: { repo: 'acme/x' }, routes: [{ sink: 'github', minSeverity: 'urgent' }] } }), /tickets\.routes\.0\.minSeverity/);
  assert.throws(() => parseConfig({ tickets: { github: { repo: 'acme/x', token: 'ghp_x' }, routes: [] } }), /tickets\.github/, 'no credentials in the config');
});

const teamOwned = (id: string, team: string, over = {}) => hostileFinding({ id, owners: [{ kind: 'team', id: team, method: 'catalog' }], ...over });

test('routing: per sink the first matching route; owner teams by short name; groups per (owner, rule)', () => {
  const config: TicketsConfig = {
    github: { repo: 'acme/security-drift' },
    webhook: { url: 'https://hooks.example/x' },
    routes: [
      { sink: 'github', ownerTeams: ['payments'], repo: 'acme/payments', group: 'owner-rule' },
      { sink: 'github', minSeverity: 'high' },
      { sink: 'webhook', minSeverity: 'critical', sources: ['aws'] },
    ],
  };
  const a = teamOwned('f_a00000000000000000000000', 'group:default/payments');
  const b = teamOwned('f_b00000000000000000000000', 'group:default/payments');
  const c = teamOwned('f_c00000000000000000000000', 'group:default/data', { severity: 'high' });
  const d = teamOwned('f_d00000000000000000000000', 'group:default/data', { severity: 'medium' });
  const units = routeFindings([a, b, c, d], config);
  const gh = units.filter((u) => u.sink === 'github');
  assert.equal(gh.length, 2);
  const group = gh.find((u) => u.key.startsWith('g_'))!;
  assert.deepEqual(group.findings.map((f) => f.id), [a.id, b.id]);
  assert.deepEqual(group.target, { repo: 'acme/payments' });
  assert.equal(group.groupLabel, 'group:default/payments');
  assert.deepEqual(gh.find((u) => u.key === c.id)!.target, { repo: 'acme/security-drift' });
  assert.deepEqual(units.filter((u) => u.sink === 'webhook').map((u) => u.key), [a.id, b.id], 'critical only');
  assert.equal(routeFindings([a, b], config).find((u) => u.key.startsWith('g_'))!.key, group.key, 'a group keeps its key');
});

function remote(key: string, over: Partial<RemoteTicket>): Map<string, RemoteTicket> {
  return new Map([[key, { key, ref: 'acme/x#1', url: null, open: true, closedAt: null, state: 'open', digest: '000000000000', ...over }]]);
}

function planFor(f: ReturnType<typeof hostileFinding>, r: Map<string, RemoteTicket> | null, local = new Map()): PlanAction[] {
  return planSink('github', [{ sink: 'github', key: f.id, target: { repo: 'acme/x' }, groupLabel: null, findings: [f] }], r, local, new Map()).actions;
}

test('plan: excepted closes as not planned with reason, approver and expiry; expiry reopens', () => {
  const exception = { reason: 'vendor migration', approvedBy: 'ciso@example.com', expires: '2027-01-31T00:00:00.000Z' };
  const excepted = hostileFinding({ status: 'excepted', exception });
  const [close] = planFor(excepted, remote(excepted.id, {}));
  assert.equal(close?.kind, 'close');
  assert.equal(close.kind === 'close' && close.reason, 'excepted');
  assert.match(plain(close.kind === 'close' ? close.comment : []), /vendor migration, approved by ciso@example\.com, until 2027-01-31T00:00:00\.000Z/);

  const expired = hostileFinding({ exceptionExpiredAt: '2027-01-31T00:00:00.000Z' });
  const [reopen] = planFor(expired, remote(expired.id, { open: false, state: 'excepted' }));
  assert.equal(reopen?.kind, 'reopen');
  assert.match(plain(reopen.kind === 'reopen' ? reopen.comment : []), /exception expired on 2027-01-31/);
  assert.deepEqual(reopen.kind === 'reopen' && reopen.closedByPerson, [], 'driftgraph closed it: no revocation doubt');
});

test('plan: seen again after driftgraph closed it reopens without doubt; a person reopening a closed one is left alone', () => {
  const f = hostileFinding();
  const [a] = planFor(f, remote(f.id, { open: false, state: 'resolved' }));
  assert.equal(a?.kind, 'reopen');
  assert.match(plain(a.kind === 'reopen' ? a.comment : []), /finds this access again/);
  const resolved = hostileFinding({ status: 'resolved', resolvedAt: '2026-11-27T02:00:00.000Z' });
  assert.deepEqual(planFor(resolved, remote(f.id, { open: true, state: 'resolved' })), []);
  // Unchanged text: nothing; changed text: update.
  const same = ticketContent({ sink: 'github', key: f.id, target: {}, groupLabel: null, findings: [f] }, new Map());
  assert.deepEqual(planFor(f, remote(f.id, { digest: same.digest })), []);
  assert.equal(planFor(f, remote(f.id, {}))[0]?.kind, 'update');
});

test('plan: a sink that cannot be searched relies on the state stored on the finding', () => {
  const f = hostileFinding();
  const c = ticketContent({ sink: 'github', key: f.id, target: {}, groupLabel: null, findings: [f] }, new Map());
  assert.equal(planFor(f, null)[0]?.kind, 'open');
  const local = new Map([[f.id, { github: { key: f.id, ref: 'webhook:x', url: null, state: 'open', digest: c.digest } }]]);
  assert.deepEqual(planFor(f, null, local), []);
});

test('config: the README\'s small-company routing parses as written', async () => {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Tickets'));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 2);
  for (const b of blocks.slice(0, 2)) parseConfig(parse(b));
  const c = parseConfig(parse(blocks[1]!));
  assert.equal(ticketsOf(c)?.routes.length, 5);
});

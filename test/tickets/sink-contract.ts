// The one contract every ticket sink runs (as the stores and connectors have
// theirs): open, find by marker, update, close with a comment, reopen, a
// comment alone (a revocation's note); a 429
// and a 5xx are ridden out; a sink that stays down fails with the call named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredFinding } from '../../src/findings/finding-store.js';
import type { Sink, TicketTarget } from '../../src/tickets/sink.js';
import { SinkCallError } from '../../src/tickets/sink.js';
import { ticketContent } from '../../src/tickets/plan.js';
import type { TicketUnit } from '../../src/tickets/routing.js';

/** A finding whose provider values try to inject links, mentions, images and HTML. */
export function hostileFinding(over: Partial<StoredFinding> = {}): StoredFinding {
  return {
    id: 'f_0123456789abcdef01234567',
    ruleId: 'leaver-active-access',
    title: 'Leaver [click](https://evil.example) @acme/admins still has an AWS user',
    severity: 'critical',
    status: 'open',
    subject: { source: 'aws', container: '111111111111', type: 'user', id: 'arn:aws:iam::111111111111:user/x', name: '![img](https://evil.example/i.png) <b>x</b> @octocat `tick`' },
    person: { employeeId: 'E1', email: 'bo@example.com' },
    owners: [{ kind: 'team', id: 'group:default/payments', method: 'catalog' }],
    entitlement: null,
    evidence: { leftAt: '2026-11-20T00:00:00.000Z', note: '[x](javascript:alert(1)) #1 @here', secretValue: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    frameworks: ['NIST CSF 2.0 PR.AA-01'],
    remediation: "aws iam delete-login-profile --user-name 'x'",
    firstSeen: '2026-11-13T02:00:00.000Z',
    lastSeen: '2026-11-20T02:00:00.000Z',
    resolvedAt: null,
    subjectKey: null,
    reopenedAt: null,
    exceptionExpiredAt: null,
    ...over,
  };
}

export function unitOf(sink: Sink['name'], f: StoredFinding, target: TicketTarget): TicketUnit {
  return { sink, key: f.id, target, groupLabel: null, findings: [f] };
}

export interface SinkUnderTest {
  sink: Sink;
  target: TicketTarget;
  /** Open in the sink's own records (null: the sink has no such notion). */
  isOpen(ref: string): boolean | null;
  /** Every comment or event text the sink received for this ticket, as plain text. */
  texts(ref: string): string[];
  /** The next `times` calls that write answer `status`. */
  inject(status: number, times: number): void;
  close(): Promise<void>;
}

export function sinkContract(name: string, setup: () => Promise<SinkUnderTest>): void {
  test(`${name}: open, find by marker, update, close with a comment, reopen, comment`, async () => {
    const s = await setup();
    try {
      const f = hostileFinding();
      const first = ticketContent(unitOf(s.sink.name, f, s.target), new Map());
      const none = await s.sink.find([s.target]);
      assert.ok(none === null || none.length === 0);

      const { ref } = await s.sink.open(s.target, first);
      assert.ok(ref);
      const found = await s.sink.find([s.target]);
      if (found) {
        assert.equal(found.length, 1);
        assert.deepEqual(
          { key: found[0]!.key, ref: found[0]!.ref, open: found[0]!.open, state: found[0]!.state, digest: found[0]!.digest },
          { key: f.id, ref, open: true, state: 'open', digest: first.digest },
        );
      }
      assert.notEqual(s.isOpen(ref), false);

      const changed = ticketContent(unitOf(s.sink.name, hostileFinding({ evidence: { leftAt: '2026-11-21T00:00:00.000Z' } }), s.target), new Map());
      assert.notEqual(changed.digest, first.digest);
      await s.sink.update(ref, changed);
      if (found) assert.equal((await s.sink.find([s.target]))![0]!.digest, changed.digest);

      const resolved = ticketContent(unitOf(s.sink.name, hostileFinding({ status: 'resolved', resolvedAt: '2026-11-27T02:00:00.000Z' }), s.target), new Map());
      await s.sink.close(ref, resolved, [{ text: 'Resolved by scan ' }, { value: 'scan:2026-11-27T02:00:00.000Z' }], 'resolved');
      const closed = await s.sink.find([s.target]);
      if (closed) {
        assert.equal(closed[0]!.open, false);
        assert.equal(closed[0]!.state, 'resolved');
        assert.match(closed[0]!.closedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      assert.notEqual(s.isOpen(ref), true);
      assert.ok(s.texts(ref).some((x) => x.includes('scan:2026-11-27T02:00:00.000Z')));

      await s.sink.reopen(ref, changed, [{ text: 'seen again' }]);
      const reopened = await s.sink.find([s.target]);
      if (reopened) assert.deepEqual([reopened[0]!.open, reopened[0]!.state], [true, 'open']);
      assert.notEqual(s.isOpen(ref), false);
      assert.ok(s.texts(ref).some((x) => x.includes('seen again')));
      // A comment alone (a revocation's note): the text arrives, with the value as data; the ticket's state stays.
      const before = s.texts(ref).length;
      await s.sink.comment(ref, f.id, [{ text: 'driftgraph sent the revocation: ' }, { value: 'deactivate [x](https://evil.example) @octocat' }]);
      const added = s.texts(ref).slice(before);
      assert.equal(added.length, 1);
      assert.match(added[0]!, /driftgraph sent the revocation: .*deactivate \[x\]\(https:\/\/evil\.example\) @octocat/);
      if (reopened) assert.equal((await s.sink.find([s.target]))![0]!.open, true);
      // Secret-looking evidence never leaves the product.
      assert.ok(!s.texts(ref).some((x) => x.includes('wJalrXUtnFEMI')));
    } finally {
      await s.close();
    }
  });

  test(`${name}: a 429 and a 5xx are ridden out`, async () => {
    const s = await setup();
    try {
      s.inject(429, 1);
      const a = await s.sink.open(s.target, ticketContent(unitOf(s.sink.name, hostileFinding(), s.target), new Map()));
      assert.ok(a.ref);
      s.inject(503, 1);
      const b = await s.sink.open(s.target, ticketContent(unitOf(s.sink.name, hostileFinding({ id: 'f_1123456789abcdef01234567' }), s.target), new Map()));
      assert.ok(b.ref);
      const found = await s.sink.find([s.target]);
      if (found) assert.deepEqual(found.map((x) => x.key).sort(), ['f_0123456789abcdef01234567', 'f_1123456789abcdef01234567']);
    } finally {
      await s.close();
    }
  });

  test(`${name}: a sink that stays down fails naming the call and its status`, async () => {
    const s = await setup();
    try {
      s.inject(500, 50);
      await assert.rejects(
        s.sink.open(s.target, ticketContent(unitOf(s.sink.name, hostileFinding(), s.target), new Map())),
        (e: unknown) => e instanceof SinkCallError && /POST \S+/.test(e.message) && /status 500/.test(e.message),
      );
    } finally {
      await s.close();
    }
  });
}

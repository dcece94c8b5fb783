// The rules about people and their accounts (leaver-active-access,
// mover-residual-access, dormant-account, unlinked-account) through the whole
// scan, as scan-helpers.ts runs it. Each rule has a case that must fire
// (subject, severity, person, owners as docs/rules.md names them) and near
// misses that must not.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { READ_ONLY, ago, dateAgo, writeEstate, type AwsUser, type Estate, type Person } from '../helpers/estate.js';
import {
  ACCT,
  NOW,
  account,
  ana,
  estate,
  humanUser,
  none,
  ofRule,
  one,
  scan,
  scanInto,
  subjectIs,
  tempRoot,
  uArn,
} from './scan-helpers.js';

describe('leaver-active-access', () => {
  const leaver = (p: Partial<Person>): Person => ({ ...ana, status: 'terminated', endDate: dateAgo(NOW, 10), ...p });

  it('fires for a leaver console user with an active key, critical, with the person and the key', async () => {
    const fs = await scan(
      estate({
        people: [leaver({})],
        aws: [account({ users: [humanUser(ana, { keys: [{ id: 'AKIAANA1', created: ago(NOW, 20), lastUsed: ago(NOW, 2) }] })] })],
      }),
    );
    const f = one(fs, 'leaver-active-access', uArn('e1'));
    subjectIs(f, 'user', uArn('e1'));
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.person, { employeeId: 'E1', email: 'ana@example.com' });
    assert.deepEqual(f.evidence.activeCredentials, ['AKIAANA1']);
  });

  it('does not fire when every account of the leaver is disabled (no password, keys Inactive)', async () => {
    const fs = await scan(
      estate({
        people: [leaver({})],
        aws: [
          account({
            users: [humanUser(ana, { password: false, keys: [{ id: 'AKIAANA1', status: 'Inactive', created: ago(NOW, 200) }] })],
          }),
        ],
      }),
    );
    none(fs, 'leaver-active-access');
  });

  it('waits graceHours: left 12 hours ago does not fire, 36 hours ago does', async () => {
    const noon = '2026-11-20T12:00:00Z';
    // end_date 2026-11-19 -> left at 2026-11-20T00:00Z, 12 hours before noon.
    const recent = await scan({
      collectedAt: noon,
      people: [leaver({ endDate: '2026-11-19' })],
      aws: [account({ users: [humanUser(ana)] })],
    });
    none(recent, 'leaver-active-access');
    const older = await scan({
      collectedAt: noon,
      people: [leaver({ endDate: '2026-11-18' })],
      aws: [account({ users: [humanUser(ana)] })],
    });
    one(older, 'leaver-active-access', uArn('e1'));
  });

  it('status active with a past end_date is a leaver; a future end_date is not', async () => {
    const past = await scan(
      estate({ people: [leaver({ status: 'active', endDate: dateAgo(NOW, 5) })], aws: [account({ users: [humanUser(ana)] })] }),
    );
    assert.equal(one(past, 'leaver-active-access', uArn('e1')).person?.employeeId, 'E1');
    const future = await scan(
      estate({ people: [leaver({ status: 'active', endDate: dateAgo(NOW, -5) })], aws: [account({ users: [humanUser(ana)] })] }),
    );
    none(future, 'leaver-active-access');
  });

  it('a later start_date supersedes a past end_date (rehired): no finding', async () => {
    const fs = await scan(
      estate({
        people: [leaver({ status: 'active', endDate: dateAgo(NOW, 100), startDate: dateAgo(NOW, 50) })],
        aws: [account({ users: [humanUser(ana)] })],
      }),
    );
    none(fs, 'leaver-active-access');
  });

  it('terminated with no date leaves at the first scan that saw it: fires only after graceHours', async () => {
    const root = await tempRoot();
    const at = (now: string) =>
      writeEstate({ collectedAt: now, people: [leaver({ endDate: '' })], aws: [account({ users: [humanUser(ana)] })] }, root);
    const db = join(root, 'graph.db');
    none(await scanInto(db, await at(NOW)), 'leaver-active-access');
    const later = await scanInto(db, await at(ago(NOW, -2)));
    const f = one(later, 'leaver-active-access', uArn('e1'));
    assert.equal(f.status, 'open');
    assert.equal(f.evidence.leftAt, new Date(NOW).toISOString());
  });

  it('fires for a leaver\'s keys-only user (no password, an active key): linked, so an account', async () => {
    const fs = await scan(
      estate({
        people: [leaver({})],
        aws: [account({ users: [humanUser(ana, { password: false, keys: [{ id: 'AKIAANA2', created: ago(NOW, 20) }] })] })],
      }),
    );
    assert.deepEqual(one(fs, 'leaver-active-access', uArn('e1')).evidence.activeCredentials, ['AKIAANA2']);
    none(fs, 'orphaned-nhi');
  });
});

describe('mover-residual-access', () => {
  const GROUP = `arn:aws:iam::${ACCT}:group/finance-ledger`;
  /** M1 moved Finance -> Engineering `movedDays` ago and kept the finance group. */
  const moverEstate = (movedDays: number, engineers = 3): Estate => {
    const mover: Person = { id: 'M1', department: 'Engineering' };
    const finance = ['F1', 'F2', 'F3'].map((id): Person => ({ id, department: 'Finance' }));
    const engineering = ['G1', 'G2', 'G3'].slice(0, engineers).map((id): Person => ({ id, department: 'Engineering' }));
    return estate({
      people: [mover, ...finance, ...engineering],
      events: [{ id: 'M1', event: 'mover', date: dateAgo(NOW, movedDays), fromDepartment: 'Finance', toDepartment: 'Engineering' }],
      aws: [
        account({
          groups: [{ name: 'finance-ledger', policies: [READ_ONLY] }],
          users: [
            humanUser(mover, { groups: ['finance-ledger'] }),
            ...finance.map((p) => humanUser(p, { groups: ['finance-ledger'] })),
            ...engineering.map((p) => humanUser(p)),
          ],
        }),
      ],
    });
  };

  it('fires for a mover 45 days after the move, naming the person (hr) and the group ARN', async () => {
    const fs = await scan(moverEstate(45));
    const hits = ofRule(fs, 'mover-residual-access');
    assert.equal(hits.length, 1, JSON.stringify(hits.map((f) => [f.subject.id, f.entitlement])));
    const f = hits[0]!;
    subjectIs(f, 'person', 'M1', 'hr', null);
    assert.equal(f.entitlement, GROUP);
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.person, { employeeId: 'M1', email: 'm1@example.com' });
  });

  it('does not fire inside the 30-day transition window', async () => {
    none(await scan(moverEstate(10)), 'mover-residual-access');
  });

  it('does not fire when fewer than minPeers are active in the new department', async () => {
    none(await scan(moverEstate(45, 2)), 'mover-residual-access');
  });

  it('without an event, a department change seen between two scans moves the person at the later scan', async () => {
    const root = await tempRoot();
    const db = join(root, 'graph.db');
    const at = async (now: string, department: string) => {
      const e = moverEstate(45);
      e.collectedAt = now;
      e.events = [];
      e.people = e.people!.map((p) => (p.id === 'M1' ? { ...p, department } : p));
      return writeEstate(e, root);
    };
    const t0 = ago(NOW, 60);
    none(await scanInto(db, await at(t0, 'Finance')), 'mover-residual-access');
    // Moved at the scan 40 days ago: inside the window 20 days later, past it now.
    none(await scanInto(db, await at(ago(NOW, 40), 'Engineering')), 'mover-residual-access');
    none(await scanInto(db, await at(ago(NOW, 20), 'Engineering')), 'mover-residual-access');
    const f = one(await scanInto(db, await at(NOW, 'Engineering')), 'mover-residual-access', 'M1');
    assert.equal(f.evidence.movedAt, new Date(ago(NOW, 40)).toISOString());
    assert.equal(f.evidence.moveFrom, 'Finance');
  });

  it('a store with no earlier HR state sees no move', async () => {
    const e = moverEstate(45);
    e.events = [];
    none(await scan(e), 'mover-residual-access');
  });
});

describe('dormant-account', () => {
  const lastSignIn = (days: number) =>
    estate({ people: [ana], aws: [account({ users: [humanUser(ana, { created: ago(NOW, 700), passwordLastUsed: ago(NOW, days) })] })] });

  it('fires, low, for an active person\'s account last used 120 days ago', async () => {
    const f = one(await scan(lastSignIn(120)), 'dormant-account', uArn('e1'));
    subjectIs(f, 'user', uArn('e1'));
    assert.equal(f.severity, 'low');
    assert.deepEqual(f.person, { employeeId: 'E1', email: 'ana@example.com' });
  });

  it('does not fire for one used 80 days ago', async () => {
    none(await scan(lastSignIn(80)), 'dormant-account');
  });

  it('counts a recent CloudTrail call as use', async () => {
    const e = lastSignIn(120);
    e.aws![0]!.trail = [{ time: ago(NOW, 3), as: { user: 'e1' } }];
    none(await scan(e), 'dormant-account');
  });

  it('does not fire for an account younger than dormantDays that was never used', async () => {
    const e = estate({ people: [ana], aws: [account({ users: [humanUser(ana, { created: ago(NOW, 30), passwordLastUsed: undefined })] })] });
    none(await scan(e), 'dormant-account');
  });
});

describe('unlinked-account', () => {
  const users: AwsUser[] = [
    { name: 'mystery', password: true, mfa: true, passwordLastUsed: ago(NOW, 2) },
    { name: 'jenkins', password: true, mfa: true, passwordLastUsed: ago(NOW, 2) },
  ];

  it('fires for an IAM user with a console password and no link; a config-declared bot does not', async () => {
    const fs = await scan(estate({ people: [ana], aws: [account({ users })] }), {
      links: { bots: [{ source: 'aws', container: ACCT, account: 'jenkins' }] },
    });
    const f = one(fs, 'unlinked-account', uArn('mystery'));
    subjectIs(f, 'user', uArn('mystery'));
    assert.equal(f.severity, 'medium');
    assert.equal(f.person, null);
    none(fs, 'unlinked-account', uArn('jenkins'));
    none(fs, 'orphaned-nhi', uArn('mystery'));
  });

  it('does not fire for a linked console user, nor for the root user', async () => {
    const fs = await scan(estate({ people: [ana], aws: [account({ users: [humanUser(ana)] })] }));
    none(fs, 'unlinked-account');
  });
});

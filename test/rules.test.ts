// Every rule of queries/rules/ through the whole scan: a snapshot written by
// the estate builder, a fresh embedded store, runScan, then the findings as
// stored. Each rule has a case that must fire (subject, severity, person,
// owners as spec/rules.md names them) and near misses that must not.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Config } from '../src/config/schema.js';
import { readFindings, type StoredFinding } from '../src/findings/finding-store.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import {
  ADMIN,
  READ_ONLY,
  ago,
  dateAgo,
  emailOf,
  roleArn,
  userArn,
  writeEstate,
  type AwsAccount,
  type AwsRole,
  type AwsUser,
  type Estate,
  type Person,
} from './helpers/estate.js';

const NOW = '2026-11-20T02:00:00Z';
const ACCT = '111111111111';
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-rules-'));
  roots.push(root);
  return root;
}

/** Scan a snapshot into the store at `dbPath` and return every stored finding. */
async function scanInto(dbPath: string, snapshotDir: string, config: Config = {}): Promise<StoredFinding[]> {
  const store = await openEmbeddedStore(dbPath);
  try {
    await ensureSchema(store);
    const result = await runScan(store, { snapshotDir, config, exceptions: [], progress: { step: () => {} } });
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    assert.deepEqual(failed, [], 'every source loads');
    assert.deepEqual(result.rules.filter((r) => r.error).map((r) => r.error), [], 'every rule runs');
    return await readFindings(store);
  } finally {
    await store.close();
  }
}

/** Write the estate and scan it into a fresh store. */
async function scan(estate: Estate, config: Config = {}): Promise<StoredFinding[]> {
  const root = await tempRoot();
  const dir = await writeEstate(estate, root);
  return scanInto(join(root, 'graph.db'), dir, config);
}

const ofRule = (fs: StoredFinding[], ruleId: string) => fs.filter((f) => f.ruleId === ruleId);

/** The one finding of this rule about this subject id; fails when there is not exactly one. */
function one(fs: StoredFinding[], ruleId: string, subjectId: string): StoredFinding {
  const hits = fs.filter((f) => f.ruleId === ruleId && f.subject.id === subjectId);
  assert.equal(hits.length, 1, `${ruleId} about ${subjectId}: got ${JSON.stringify(ofRule(fs, ruleId).map((f) => f.subject.id))}`);
  return hits[0]!;
}

function none(fs: StoredFinding[], ruleId: string, subjectId?: string): void {
  const hits = ofRule(fs, ruleId).filter((f) => subjectId === undefined || f.subject.id === subjectId);
  assert.deepEqual(hits.map((f) => f.subject.id), [], `no ${ruleId}${subjectId ? ` about ${subjectId}` : ''}`);
}

function subjectIs(f: StoredFinding, type: string, id: string, source = 'aws', container: string | null = ACCT): void {
  assert.deepEqual(
    { source: f.subject.source, container: f.subject.container, type: f.subject.type, id: f.subject.id },
    { source, container, type, id },
  );
}

const account = (a: Partial<AwsAccount>): AwsAccount => ({ id: ACCT, root: { mfa: true }, ...a });
const estate = (e: Partial<Estate>): Estate => ({ collectedAt: NOW, ...e });

/** A person's console user, linked to them by the AWS `email` tag. */
const humanUser = (p: Person, u: Partial<AwsUser> = {}): AwsUser => ({
  name: p.id.toLowerCase(),
  password: true,
  mfa: true,
  passwordLastUsed: ago(NOW, 1),
  tags: { email: emailOf(p) },
  ...u,
});

const ana: Person = { id: 'E1', email: 'ana@example.com', name: 'Ana' };
const bob: Person = { id: 'E2', email: 'bob@example.com', name: 'Bob' };
const uArn = (name: string) => userArn(ACCT, name);
const rArn = (name: string) => roleArn(ACCT, name);

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

describe('leaver-owned-nhi', () => {
  const gone: Person = { ...ana, status: 'terminated', endDate: dateAgo(NOW, 10) };

  it('fires for a role whose owner tag names a leaver, with the owner listed', async () => {
    const fs = await scan(
      estate({ people: [gone, bob], aws: [account({ roles: [{ name: 'etl', tags: { owner: 'ana@example.com' } }] })] }),
    );
    const f = one(fs, 'leaver-owned-nhi', rArn('etl'));
    subjectIs(f, 'role', rArn('etl'));
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.owners, [{ kind: 'person', id: 'ana@example.com', method: 'aws-tag:owner' }]);
    none(fs, 'orphaned-nhi', rArn('etl'));
  });

  const teamEstate = (members: Person[]): Estate =>
    estate({
      people: [gone, bob],
      catalog: {
        groups: [{ name: 'data', members: members.map((m) => m.id.toLowerCase()) }],
        users: [ana, bob].map((p) => ({ name: p.id.toLowerCase(), email: emailOf(p) })),
        services: [{ name: 'etl', owner: 'group:default/data', identities: [rArn('etl')] }],
      },
      aws: [account({ roles: [{ name: 'etl' }] })],
    });

  it('fires for a catalog team owner whose only member left', async () => {
    const fs = await scan(teamEstate([gone]));
    const f = one(fs, 'leaver-owned-nhi', rArn('etl'));
    assert.deepEqual(f.owners, [{ kind: 'team', id: 'group:default/data', method: 'catalog:component:default/etl' }]);
  });

  it('does not fire while the team owner has one active member', async () => {
    const fs = await scan(teamEstate([gone, bob]));
    none(fs, 'leaver-owned-nhi');
    none(fs, 'orphaned-nhi', rArn('etl'));
  });

  it('waits graceHours after the last owner left', async () => {
    const noon = '2026-11-20T12:00:00Z';
    const at = (endDate: string): Estate => ({
      collectedAt: noon,
      people: [{ ...gone, endDate }, bob],
      aws: [account({ roles: [{ name: 'etl', tags: { owner: 'ana@example.com' } }] })],
    });
    none(await scan(at('2026-11-19')), 'leaver-owned-nhi');
    one(await scan(at('2026-11-18')), 'leaver-owned-nhi', rArn('etl'));
  });
});

describe('orphaned-nhi', () => {
  it('fires for an IAM user with no password and no link (an NHI), its key in the evidence; never unlinked-account', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [account({ users: [{ name: 'ci-bot', keys: [{ id: 'AKIACI1', created: ago(NOW, 10), lastUsed: ago(NOW, 1) }] }] })],
      }),
    );
    const f = one(fs, 'orphaned-nhi', uArn('ci-bot'));
    subjectIs(f, 'user', uArn('ci-bot'));
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.owners, []);
    assert.deepEqual(f.evidence.credentials, ['AKIACI1']);
    none(fs, 'unlinked-account', uArn('ci-bot'));
  });

  it('an owner tag naming an unknown email is no owner: fires, the value in unresolvedOwners', async () => {
    const fs = await scan(
      estate({ people: [ana], aws: [account({ roles: [{ name: 'etl', tags: { owner: 'ghost@example.com' } }] })] }),
    );
    const f = one(fs, 'orphaned-nhi', rArn('etl'));
    assert.deepEqual(f.evidence.unresolvedOwners, ['ghost@example.com']);
    none(fs, 'leaver-owned-nhi');
  });

  it('does not fire for a role owned by an active person, nor for a service-linked role', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [
          account({
            roles: [
              { name: 'etl', tags: { owner: 'ana@example.com' } },
              { name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/' },
            ],
          }),
        ],
      }),
    );
    none(fs, 'orphaned-nhi');
    const slr = roleArn(ACCT, 'AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/');
    assert.deepEqual(fs.filter((f) => f.subject.id === slr).map((f) => f.ruleId), [], 'a service-linked role is never a finding');
  });
});

describe('stale-credential', () => {
  const withKey = (lastUsedDays: number, u: Partial<AwsUser> = {}, via: 'api' | 'report' = 'api') =>
    estate({
      people: [ana],
      aws: [account({ users: [humanUser(ana, { keys: [{ id: 'AKIAANA1', created: ago(NOW, 60), lastUsed: ago(NOW, lastUsedDays), lastUsedVia: via }], ...u })] })],
    });

  it('fires at 91 days, medium, naming the key and its user\'s person', async () => {
    const f = one(await scan(withKey(91)), 'stale-credential', 'AKIAANA1');
    subjectIs(f, 'access-key', 'AKIAANA1');
    assert.equal(f.severity, 'medium');
    assert.deepEqual(f.person, { employeeId: 'E1', email: 'ana@example.com' });
  });

  it('does not fire at 89 days', async () => {
    none(await scan(withKey(89)), 'stale-credential');
  });

  it('reads the last use from the credential report slot when the API gave none', async () => {
    one(await scan(withKey(91, {}, 'report')), 'stale-credential', 'AKIAANA1');
    none(await scan(withKey(89, {}, 'report')), 'stale-credential');
  });

  it('is high when the key\'s user is privileged (directly or through a group)', async () => {
    const direct = one(await scan(withKey(91, { policies: [ADMIN] })), 'stale-credential', 'AKIAANA1');
    assert.equal(direct.severity, 'high');
    const e = withKey(91, { groups: ['admins'] });
    e.aws![0]!.groups = [{ name: 'admins', policies: [ADMIN] }];
    assert.equal(one(await scan(e), 'stale-credential', 'AKIAANA1').severity, 'high');
  });

  it('counts a CloudTrail call signed with the key as use', async () => {
    const e = withKey(120);
    e.aws![0]!.trail = [{ time: ago(NOW, 2), as: { user: 'e1' }, accessKeyId: 'AKIAANA1' }];
    none(await scan(e), 'stale-credential');
  });

  it('names the owners of an NHI user on its key', async () => {
    const e = estate({
      people: [ana],
      aws: [account({ users: [{ name: 'etl', tags: { owner: 'ana@example.com' }, keys: [{ id: 'AKIAETL1', created: ago(NOW, 200), lastUsed: ago(NOW, 95) }] }] })],
    });
    const f = one(await scan(e), 'stale-credential', 'AKIAETL1');
    assert.deepEqual(f.owners, [{ kind: 'person', id: 'ana@example.com', method: 'aws-tag:owner' }]);
    assert.equal(f.person, null);
  });
});

describe('never-used-credential', () => {
  const created = (days: number) =>
    estate({ people: [ana], aws: [account({ users: [humanUser(ana, { keys: [{ id: 'AKIANEW1', created: ago(NOW, days) }] })] })] });

  it('fires for a key created 31 days ago and never used', async () => {
    const f = one(await scan(created(31)), 'never-used-credential', 'AKIANEW1');
    subjectIs(f, 'access-key', 'AKIANEW1');
    assert.equal(f.severity, 'medium');
    assert.equal(f.person?.employeeId, 'E1');
  });

  it('does not fire for a key created 29 days ago', async () => {
    none(await scan(created(29)), 'never-used-credential');
  });

  it('does not fire for an Inactive key, nor for a key used once', async () => {
    const e = estate({
      people: [ana],
      aws: [
        account({
          users: [
            humanUser(ana, {
              keys: [
                { id: 'AKIAOFF1', status: 'Inactive', created: ago(NOW, 40) },
                { id: 'AKIAUSED', created: ago(NOW, 40), lastUsed: ago(NOW, 3) },
              ],
            }),
          ],
        }),
      ],
    });
    none(await scan(e), 'never-used-credential');
  });
});

describe('long-lived-credential', () => {
  const created = (days: number) =>
    estate({
      people: [ana],
      aws: [account({ users: [humanUser(ana, { keys: [{ id: 'AKIAOLD1', created: ago(NOW, days), lastUsed: ago(NOW, 1) }] })] })],
    });

  it('fires for an active key created 120 days ago', async () => {
    const f = one(await scan(created(120)), 'long-lived-credential', 'AKIAOLD1');
    subjectIs(f, 'access-key', 'AKIAOLD1');
    assert.equal(f.severity, 'medium');
    assert.equal(f.evidence.olderThanMaxAge, true);
  });

  it('does not fire for a key created 60 days ago', async () => {
    none(await scan(created(60)), 'long-lived-credential');
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

describe('context-geo-mismatch', () => {
  const app = (tags: Record<string, string>): AwsRole => ({ name: 'app', tags: { owner: 'ana@example.com', ...tags } });
  const regions = { 'driftgraph.dev/expected-regions': 'eu-west-1' };
  const cidrs = { 'driftgraph.dev/allowed-cidrs': '10.0.0.0/8' };

  it('fires for a role calling from a region outside its expected regions', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [account({ roles: [app(regions)], trail: [{ time: ago(NOW, 2), as: { role: 'app' }, region: 'us-west-2', eventSource: 'ec2.amazonaws.com' }] })],
      }),
    );
    const f = one(fs, 'context-geo-mismatch', rArn('app'));
    subjectIs(f, 'role', rArn('app'));
    assert.equal(f.severity, 'high');
    assert.equal(f.evidence.outsideRegions, true);
  });

  it('does not judge an IAM call logged in us-east-1 by region, nor a call from the expected region', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [
          account({
            roles: [app(regions)],
            trail: [
              { time: ago(NOW, 2), as: { role: 'app' }, region: 'us-east-1', eventSource: 'iam.amazonaws.com', eventName: 'ListRoles' },
              { time: ago(NOW, 2), as: { role: 'app' }, region: 'eu-west-1', eventSource: 'ec2.amazonaws.com' },
            ],
          }),
        ],
      }),
    );
    none(fs, 'context-geo-mismatch');
  });

  it('fires for a call from outside the allowed CIDRs, not for one inside', async () => {
    const trail = (ip: string) => [{ time: ago(NOW, 1), as: { role: 'app' } as const, region: 'eu-west-1', sourceIp: ip }];
    const outside = await scan(estate({ people: [ana], aws: [account({ roles: [app(cidrs)], trail: trail('203.0.113.9') })] }));
    assert.equal(one(outside, 'context-geo-mismatch', rArn('app')).evidence.outsideCidrs, true);
    const inside = await scan(estate({ people: [ana], aws: [account({ roles: [app(cidrs)], trail: trail('10.1.2.3') })] }));
    none(inside, 'context-geo-mismatch');
  });

  it('takes the expected regions from the catalog entity that lists the NHI', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        catalog: {
          services: [{ name: 'app', owner: 'user:default/ana', identities: [rArn('app')], annotations: regions }],
          users: [{ name: 'ana', email: 'ana@example.com' }],
        },
        aws: [account({ roles: [{ name: 'app' }], trail: [{ time: ago(NOW, 2), as: { role: 'app' }, region: 'ap-south-1' }] })],
      }),
    );
    one(fs, 'context-geo-mismatch', rArn('app'));
  });

  it('does not judge calls older than windowDays', async () => {
    const fs = await scan(
      estate({ people: [ana], aws: [account({ roles: [app(regions)], trail: [{ time: ago(NOW, 40), as: { role: 'app' }, region: 'us-west-2' }] })] }),
    );
    none(fs, 'context-geo-mismatch');
  });
});

describe('privileged-without-mfa', () => {
  it('fires for a privileged console user without MFA; not with MFA; not without privilege', async () => {
    const fs = await scan(
      estate({
        people: [ana, bob, { id: 'E3' }],
        aws: [
          account({
            users: [
              humanUser(ana, { mfa: false, policies: [ADMIN] }),
              humanUser(bob, { mfa: true, policies: [ADMIN] }),
              humanUser({ id: 'E3' }, { mfa: false, policies: [READ_ONLY] }),
            ],
          }),
        ],
      }),
    );
    const f = one(fs, 'privileged-without-mfa', uArn('e1'));
    subjectIs(f, 'user', uArn('e1'));
    assert.equal(f.severity, 'high');
    assert.equal(f.person?.employeeId, 'E1');
    assert.equal(ofRule(fs, 'privileged-without-mfa').length, 1);
  });

  it('fires for the root user without MFA, named arn:aws:iam::ACCOUNT:root', async () => {
    const fs = await scan(estate({ people: [ana], aws: [{ id: ACCT, root: { mfa: false } }] }));
    const f = one(fs, 'privileged-without-mfa', `arn:aws:iam::${ACCT}:root`);
    subjectIs(f, 'user', `arn:aws:iam::${ACCT}:root`);
    none(fs, 'unlinked-account');
    none(await scan(estate({ people: [ana], aws: [{ id: ACCT, root: { mfa: true } }] })), 'privileged-without-mfa');
  });

  it('counts an inline Allow of iam:* on * and privilege on an owner-tagged NHI user with a password', async () => {
    const iamStar = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] };
    const fs = await scan(
      estate({
        people: [ana],
        aws: [
          account({
            users: [
              humanUser(ana, { mfa: false, inline: { ops: iamStar } }),
              { name: 'deploy', password: true, mfa: false, tags: { owner: 'ana@example.com' }, policies: [ADMIN] },
            ],
          }),
        ],
      }),
    );
    one(fs, 'privileged-without-mfa', uArn('e1'));
    one(fs, 'privileged-without-mfa', uArn('deploy'));
  });

  it('does not fire for a privileged user with keys only (no console password)', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [account({ users: [humanUser(ana, { password: false, mfa: false, policies: [ADMIN], keys: [{ id: 'AKIAANA1', created: ago(NOW, 5), lastUsed: ago(NOW, 1) }] })] })],
      }),
    );
    none(fs, 'privileged-without-mfa');
  });

  it('reads URL-encoded policy documents (raw API form)', async () => {
    const star = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const fs = await scan(
      estate({ people: [ana], aws: [account({ urlEncoded: true, users: [humanUser(ana, { mfa: false, inline: { all: star } })] })] }),
    );
    one(fs, 'privileged-without-mfa', uArn('e1'));
  });
});

describe('retired-service-identity-active', () => {
  const listed = (lifecycle: string, users: AwsUser[] = []) =>
    estate({
      people: [ana],
      catalog: {
        users: [{ name: 'ana', email: 'ana@example.com' }],
        services: [{ name: 'billing', owner: 'user:default/ana', lifecycle, identities: [rArn('billing'), uArn('old-svc')] }],
      },
      aws: [account({ roles: [{ name: 'billing' }], users })],
    });

  it('fires for an active role listed by a deprecated component', async () => {
    const f = one(await scan(listed('deprecated')), 'retired-service-identity-active', rArn('billing'));
    subjectIs(f, 'role', rArn('billing'));
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.evidence.services, ['component:default/billing']);
    assert.deepEqual(f.owners, [{ kind: 'person', id: 'ana@example.com', method: 'catalog:component:default/billing' }]);
  });

  it('does not fire for a production component, nor for a disabled IAM user of a retired one', async () => {
    none(await scan(listed('production')), 'retired-service-identity-active');
    const fs = await scan(listed('retired', [{ name: 'old-svc', keys: [{ id: 'AKIAOLDSVC', status: 'Inactive', created: ago(NOW, 300) }] }]));
    one(fs, 'retired-service-identity-active', rArn('billing'));
    none(fs, 'retired-service-identity-active', uArn('old-svc'));
  });
});

describe('human-use-of-nhi', () => {
  it('fires for an IAM user with an owner tag and a console password', async () => {
    const fs = await scan(
      estate({ people: [ana], aws: [account({ users: [{ name: 'deploy', password: true, mfa: true, tags: { owner: 'ana@example.com' } }] })] }),
    );
    const f = one(fs, 'human-use-of-nhi', uArn('deploy'));
    subjectIs(f, 'user', uArn('deploy'));
    assert.equal(f.severity, 'medium');
    assert.deepEqual(f.owners, [{ kind: 'person', id: 'ana@example.com', method: 'aws-tag:owner' }]);
    none(fs, 'unlinked-account', uArn('deploy'));
  });

  it('fires for a catalog-listed IAM user with a console password', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        catalog: { users: [{ name: 'ana', email: 'ana@example.com' }], services: [{ name: 'ci', owner: 'user:default/ana', identities: [uArn('ci')] }] },
        aws: [account({ users: [{ name: 'ci', password: true, mfa: true }] })],
      }),
    );
    one(fs, 'human-use-of-nhi', uArn('ci'));
  });

  it('does not fire for an owner-tagged IAM user without a password, nor for a person\'s console user', async () => {
    const fs = await scan(
      estate({
        people: [ana],
        aws: [account({ users: [{ name: 'deploy', password: false, tags: { owner: 'ana@example.com' } }, humanUser(ana)] })],
      }),
    );
    none(fs, 'human-use-of-nhi');
  });
});

describe('broad-workload-trust', () => {
  const GH = `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`;
  const trust = (condition: object | undefined, provider = GH) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
  const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
  const roleWith = (t: object, path?: string): AwsRole => ({ name: 'deployer', trust: t, tags: { owner: 'ana@example.com' }, ...(path ? { path } : {}) });

  it('fires for a GitHub OIDC trust whose sub is repo:org/*', async () => {
    const t = trust({ StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:northwind/*' } });
    const f = one(await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(t)] })] })), 'broad-workload-trust', rArn('deployer'));
    subjectIs(f, 'role', rArn('deployer'));
    assert.equal(f.severity, 'high');
  });

  it('fires for an OIDC trust with no sub condition', async () => {
    const t = trust({ StringEquals: aud });
    one(await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(t)] })] })), 'broad-workload-trust', rArn('deployer'));
  });

  it('does not fire for an exact repo:org/app:ref:refs/heads/main', async () => {
    const t = trust({ StringEquals: { ...aud, 'token.actions.githubusercontent.com:sub': 'repo:northwind/app:ref:refs/heads/main' } });
    none(await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(t)] })] })), 'broad-workload-trust');
  });

  it('never fires for a service-linked role', async () => {
    const t = trust({ StringEquals: aud });
    none(
      await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(t, '/aws-service-role/example.amazonaws.com/')] })] })),
      'broad-workload-trust',
    );
  });

  it('fires for a sub listing two exact repositories; not for one repository with any ref', async () => {
    const two = trust({ StringEquals: { ...aud, 'token.actions.githubusercontent.com:sub': ['repo:northwind/app:ref:refs/heads/main', 'repo:northwind/web:ref:refs/heads/main'] } });
    one(await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(two)] })] })), 'broad-workload-trust', rArn('deployer'));
    const anyRef = trust({ StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:northwind/app:*' } });
    none(await scan(estate({ people: [ana], aws: [account({ roles: [roleWith(anyRef)] })] })), 'broad-workload-trust');
  });

  it('reads a URL-encoded trust policy', async () => {
    const t = trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:northwind/*' } });
    const fs = await scan(estate({ people: [ana], aws: [account({ urlEncoded: true, roles: [roleWith(t)] })] }));
    one(fs, 'broad-workload-trust', rArn('deployer'));
  });
});

describe('nhi-reuse', () => {
  const services = (kinds: ('Component' | 'Resource' | 'System')[]) =>
    estate({
      people: [ana],
      catalog: {
        users: [{ name: 'ana', email: 'ana@example.com' }],
        services: kinds.map((kind, i) => ({ name: `svc-${i}`, kind, owner: 'user:default/ana', identities: [rArn('shared')] })),
      },
      aws: [account({ roles: [{ name: 'shared' }] })],
    });

  it('fires for a role listed by a Component and a Resource', async () => {
    const f = one(await scan(services(['Component', 'Resource'])), 'nhi-reuse', rArn('shared'));
    subjectIs(f, 'role', rArn('shared'));
    assert.equal(f.severity, 'medium');
    assert.deepEqual([...(f.evidence.services as string[])].sort(), ['component:default/svc-0', 'resource:default/svc-1']);
  });

  it('does not fire for one Component, nor for a Component and a System', async () => {
    none(await scan(services(['Component'])), 'nhi-reuse');
    none(await scan(services(['Component', 'System'])), 'nhi-reuse');
  });

  it('never fires for a service-linked role, however many services list it', async () => {
    const path = '/aws-service-role/ecs.amazonaws.com/';
    const slr = roleArn(ACCT, 'AWSServiceRoleForECS', path);
    const e = estate({
      people: [ana],
      catalog: {
        users: [{ name: 'ana', email: 'ana@example.com' }],
        services: ['a', 'b'].map((n) => ({ name: n, owner: 'user:default/ana', identities: [slr] })),
      },
      aws: [account({ roles: [{ name: 'AWSServiceRoleForECS', path }] })],
    });
    const fs = await scan(e);
    assert.deepEqual(fs.filter((f) => f.subject.id === slr).map((f) => f.ruleId), []);
  });
});

describe('finding ids', () => {
  it('are the same across two scans and across two separate stores', async () => {
    const e = estate({
      people: [ana],
      aws: [account({ root: { mfa: false }, users: [{ name: 'ci-bot', keys: [{ id: 'AKIACI1', created: ago(NOW, 200), lastUsed: ago(NOW, 100) }] }] })],
    });
    const root = await tempRoot();
    const dir = await writeEstate(e, root);
    const ids = (fs: StoredFinding[]) => fs.map((f) => `${f.ruleId} ${f.subject.id} ${f.id}`).sort();
    const first = await scanInto(join(root, 'a.db'), dir);
    const second = await scanInto(join(root, 'a.db'), dir);
    const other = await scanInto(join(root, 'b.db'), dir);
    assert.ok(first.length >= 4, `expected several findings, got ${ids(first).join('; ')}`);
    assert.deepEqual(ids(second), ids(first));
    assert.deepEqual(ids(other), ids(first));
    assert.ok(first.every((f) => /^f_[0-9a-f]{24}$/.test(f.id)));
  });
});

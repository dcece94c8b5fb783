// The rules about non-human identities (leaver-owned-nhi, orphaned-nhi,
// retired-service-identity-active, human-use-of-nhi, nhi-reuse) through the
// whole scan, as scan-helpers.ts runs it. Each rule has a case that must fire
// (subject, severity, person, owners as docs/rules.md names them) and near
// misses that must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ago, dateAgo, emailOf, roleArn, type AwsUser, type Estate, type Person } from '../helpers/estate.js';
import {
  ACCT,
  NOW,
  account,
  ana,
  bob,
  estate,
  humanUser,
  none,
  one,
  rArn,
  scan,
  subjectIs,
  uArn,
} from './scan-helpers.js';

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

// The rules about credentials (stale-credential, never-used-credential,
// long-lived-credential) through the whole scan, as scan-helpers.ts runs it.
// Each rule has a case that must fire (subject, severity, person, owners as
// docs/rules.md names them) and near misses that must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN, ago, type AwsUser } from '../helpers/estate.js';
import { NOW, account, ana, estate, humanUser, none, one, scan, subjectIs } from './scan-helpers.js';

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

// The people rules on SCIM accounts (leaver-active-access, unlinked-account,
// mover-residual-access) through the whole scan: what fires, with the
// subject, entitlement and remediation docs/rules.md names, and the near
// misses that must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ago, dateAgo, type Person, type ScimApp } from '../helpers/estate.js';
import { NOW, estate, none, one, scan, subjectIs } from './scan-helpers.js';

const ana: Person = { id: 'E1', email: 'ana@example.com', name: 'Ana' };
const leo: Person = { id: 'E9', email: 'leo@example.com', name: 'Leo', status: 'terminated', endDate: dateAgo(NOW, 10) };

describe('leaver-active-access on SCIM accounts', () => {
  it('fires for an active SCIM user of a leaver (active absent means active), linked by email', async () => {
    const crm: ScimApp = { name: 'crm', users: [{ id: 'u-leo', userName: 'leo.c', emails: ['Leo@Example.com'] }] };
    const fs = await scan(estate({ people: [ana, leo], scim: [crm] }), {
      scim: { apps: { crm: { baseUrl: 'https://crm.example.com/scim/v2', tokenEnv: 'CRM_SCIM_TOKEN' } } },
    } as never);
    const f = one(fs, 'leaver-active-access', 'u-leo');
    subjectIs(f, 'user', 'u-leo', 'scim', 'crm');
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.person, { employeeId: 'E9', email: 'leo@example.com' });
    assert.match(f.title, /SCIM account leo\.c/);
    assert.equal(
      f.remediation,
      `curl -sS -X PATCH -H "Authorization: Bearer $CRM_SCIM_TOKEN" -H 'Content-Type: application/scim+json' ` +
        `--data '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}' ` +
        `https://crm.example.com/scim/v2/Users/u-leo`,
    );
  });

  it('links by the enterprise employeeNumber and by an email userName too', async () => {
    const crm: ScimApp = {
      name: 'crm',
      users: [
        { id: 'u-1', userName: 'lc', employeeNumber: 'E9', active: true },
        { id: 'u-2', userName: 'leo@example.com', active: true },
      ],
    };
    const fs = await scan(estate({ people: [ana, leo], scim: [crm] }));
    assert.deepEqual(one(fs, 'leaver-active-access', 'u-1').person?.employeeId, 'E9');
    assert.deepEqual(one(fs, 'leaver-active-access', 'u-2').person?.employeeId, 'E9');
    // No base URL in the config: the command says where it goes.
    assert.match(one(fs, 'leaver-active-access', 'u-1').remediation, /SCIM_BASE_URL\/Users\/u-1$/);
  });

  it('does not fire for a leaver whose SCIM user is inactive, nor for an active person', async () => {
    const crm: ScimApp = {
      name: 'crm',
      users: [
        { id: 'u-leo', userName: 'leo@example.com', active: false },
        { id: 'u-ana', userName: 'ana@example.com' },
      ],
    };
    const fs = await scan(estate({ people: [ana, leo], scim: [crm] }));
    none(fs, 'leaver-active-access');
  });

  it('quotes a provider id that is not plain text in the remediation', async () => {
    // No spaces: an id with one is not read at all (connectors/lib/id-formats.ts); the shell needs none.
    const id = "x';rm${IFS}-rf${IFS}~";
    const crm: ScimApp = { name: 'crm', users: [{ id, userName: 'leo@example.com' }] };
    const fs = await scan(estate({ people: [leo], scim: [crm] }));
    const line = one(fs, 'leaver-active-access', id).remediation;
    assert.ok(line.endsWith(` 'SCIM_BASE_URL/Users/x'\\''%3Brm%24%7BIFS%7D-rf%24%7BIFS%7D~'`), line);
  });
});

describe('unlinked-account on SCIM accounts', () => {
  it('fires for a guest no attribute ties to a person; not for a declared bot or a linked user', async () => {
    const wiki: ScimApp = {
      name: 'wiki',
      users: [
        { id: 'g-1', userName: 'guest.partner@agency.example', emails: ['guest.partner@agency.example'] },
        { id: 'b-1', userName: 'build-bot' },
        { id: 'a-1', userName: 'ana', emails: ['ana@example.com'] },
      ],
    };
    const fs = await scan(estate({ people: [ana], scim: [wiki] }), { links: { bots: [{ source: 'scim', account: 'build-bot' }] } });
    const f = one(fs, 'unlinked-account', 'g-1');
    subjectIs(f, 'user', 'g-1', 'scim', 'wiki');
    none(fs, 'unlinked-account', 'b-1');
    none(fs, 'unlinked-account', 'a-1');
  });
});

describe('mover-residual-access on SCIM groups', () => {
  const sales = ['S1', 'S2', 'S3'].map((id) => ({ id, department: 'Sales' }) as Person);
  const eng = ['N1', 'N2', 'N3'].map((id) => ({ id, department: 'Engineering' }) as Person);
  const crmWith = (mia: Person): ScimApp => ({
    name: 'crm',
    users: [...sales, ...eng, mia].map((p) => ({ id: `u-${p.id}`, userName: `${p.id.toLowerCase()}@example.com` })),
    groups: [
      { name: 'Sales Reps', members: ['u-S1', 'u-S2', 'u-S3', `u-${mia.id}`, 'u-departed-999'] },
      { name: 'Everyone', members: [...sales, ...eng, mia].map((p) => `u-${p.id}`) },
    ],
  });

  it('fires with the entitlement APP/DISPLAY-NAME for a mover past the transition window', async () => {
    const mia: Person = { id: 'M1', department: 'Engineering' };
    const fs = await scan(
      estate({
        people: [...sales, ...eng, mia],
        events: [{ id: 'M1', event: 'mover', date: dateAgo(NOW, 45), fromDepartment: 'Sales', toDepartment: 'Engineering' }],
        scim: [crmWith(mia)],
      }),
    );
    const f = one(fs, 'mover-residual-access', 'M1');
    subjectIs(f, 'person', 'M1', 'hr', null);
    assert.equal(f.entitlement, 'crm/Sales Reps');
    none(fs, 'mover-residual-access', 'S1');
  });

  it('does not fire inside the transition window', async () => {
    const mia: Person = { id: 'M1', department: 'Engineering' };
    const fs = await scan(
      estate({
        people: [...sales, ...eng, mia],
        events: [{ id: 'M1', event: 'mover', date: dateAgo(NOW, 20), fromDepartment: 'Sales', toDepartment: 'Engineering' }],
        scim: [crmWith(mia)],
      }),
    );
    none(fs, 'mover-residual-access');
  });
});

describe('privileged SCIM groups', () => {
  it('make members privileged (config.scim), directly and through a nested group', async () => {
    const ops: ScimApp = {
      name: 'ops',
      users: [
        { id: 'u-ana', userName: 'ana@example.com' },
        { id: 'u-bo', userName: 'bo@example.com' },
      ],
      groups: [
        { id: 'g-admins', name: 'Admins', members: ['u-ana', 'g-oncall'] },
        { id: 'g-oncall', name: 'On-call', members: ['u-bo'] },
      ],
    };
    const bo: Person = { id: 'E5', email: 'bo@example.com' };
    const fs = await scan(
      estate({
        people: [ana, bo],
        scim: [ops],
        okta: [
          { email: 'ana@example.com', time: ago(NOW, 1), country: 'United States', device: 'dev-x' },
          { email: 'bo@example.com', time: ago(NOW, 1), country: 'United States', device: 'dev-y' },
        ],
        devices: [],
      }),
      { scim: { apps: { ops: { privilegedGroups: ['admins'] } } } } as never,
    );
    // Both are privileged; their devices are unknown to the (empty) inventory.
    one(fs, 'context-untrusted-device', 'E1');
    one(fs, 'context-untrusted-device', 'E5');
  });
});

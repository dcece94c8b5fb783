// The sign-in rules through the whole scan: context-geo-mismatch's sign-in
// half and context-untrusted-device, each with the case that fires (subject
// the person, source hr) and the near misses docs/rules.md lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { ADMIN, ago, writeEstate, type Person, type ScimApp } from '../helpers/estate.js';
import { NOW, account, estate, humanUser, none, one, scan, scanInto, subjectIs, tempRoot } from './scan-helpers.js';

const gwen: Person = { id: 'E20', email: 'gwen@example.com', name: 'Gwen', country: 'GB' };
const omar: Person = { id: 'E21', email: 'omar@example.com', name: 'Omar', country: 'US' };

describe('context-geo-mismatch from sign-ins', () => {
  it('fires for a successful sign-in from a country other than the HR country; the subject is the person', async () => {
    const fs = await scan(
      estate({
        people: [gwen],
        okta: [
          { email: 'Gwen@example.com', time: ago(NOW, 2), country: 'France', ip: '203.0.113.50', device: 'dev-g', oktaUserId: '00ugwen' },
          { email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom', device: 'dev-g' },
        ],
      }),
      { okta: { baseUrl: 'https://acme.okta.com' } } as never,
    );
    const f = one(fs, 'context-geo-mismatch', 'E20');
    subjectIs(f, 'person', 'E20', 'hr', null);
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.person, { employeeId: 'E20', email: 'gwen@example.com' });
    assert.equal(f.title, 'Gwen signed in from FR, outside their HR country GB');
    const s = (f.evidence.signIns as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      { time: s.time, ip: s.ip, country: s.country, countryName: s.countryName, device: s.device },
      { time: new Date(ago(NOW, 2)).toISOString(), ip: '203.0.113.50', country: 'FR', countryName: 'France', device: 'dev-g' },
    );
    assert.equal(f.evidence.hrCountry, 'GB');
    assert.equal(
      f.remediation,
      `curl -sS -X DELETE -H "Authorization: SSWS $OKTA_API_TOKEN" -H 'Accept: application/json' 'https://acme.okta.com/api/v1/users/00ugwen/sessions?oauthTokens=true'`,
    );
  });

  it('does not fire for a failed foreign sign-in, one 31 days old, or "United Kingdom" against HR GB', async () => {
    const fs = await scan(
      estate({
        people: [gwen, omar],
        okta: [
          { email: 'gwen@example.com', time: ago(NOW, 1), country: 'Brazil', outcome: 'FAILURE' },
          { email: 'gwen@example.com', time: ago(NOW, 31), country: 'Brazil' },
          { email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom' },
          { email: 'omar@example.com', time: ago(NOW, 3), country: 'United States', eventType: 'user.authentication.sso' },
          // Not a sign-in at all.
          { email: 'omar@example.com', time: ago(NOW, 3), country: 'Japan', eventType: 'user.account.update_password' },
        ],
      }),
    );
    none(fs, 'context-geo-mismatch');
  });

  it('fires for an SSO sign-in too', async () => {
    const fs = await scan(
      estate({ people: [omar], okta: [{ email: 'omar@example.com', time: ago(NOW, 29), country: 'Germany', eventType: 'user.authentication.sso' }] }),
    );
    assert.equal((one(fs, 'context-geo-mismatch', 'E21').evidence.signIns as { country: string }[])[0]!.country, 'DE');
  });
});

describe('context-untrusted-device', () => {
  // Gwen is privileged through an AWS admin user; Omar is not privileged.
  const aws = [account({ users: [humanUser(gwen, { name: 'gwen', policies: [ADMIN] }), humanUser(omar, { name: 'omar' })] })];
  const devices = [
    { id: 'dev-managed', owner: 'gwen@example.com', managed: true, compliant: true },
    { id: 'dev-byod', owner: 'gwen@example.com', managed: false, compliant: true },
    { id: 'dev-stale', owner: 'gwen@example.com', managed: true, compliant: false },
    { id: 'dev-omar', owner: 'omar@example.com', managed: false, compliant: false },
  ];

  it('fires for a privileged person signing in from an unmanaged device, naming time, IP, country, device and why', async () => {
    const fs = await scan(
      estate({
        people: [gwen, omar],
        aws,
        devices,
        okta: [{ email: 'gwen@example.com', time: ago(NOW, 3), country: 'United Kingdom', ip: '198.51.100.23', device: 'dev-byod' }],
      }),
    );
    const f = one(fs, 'context-untrusted-device', 'E20');
    subjectIs(f, 'person', 'E20', 'hr', null);
    assert.equal(f.severity, 'high');
    assert.equal(f.title, 'Privileged Gwen signed in from an untrusted device (unmanaged)');
    const s = (f.evidence.signIns as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      { time: s.time, ip: s.ip, country: s.country, device: s.device, untrusted: s.untrusted, managed: s.managed },
      { time: new Date(ago(NOW, 3)).toISOString(), ip: '198.51.100.23', country: 'GB', device: 'dev-byod', untrusted: 'unmanaged', managed: false },
    );
    assert.match(f.remediation, /^curl -sS -X DELETE .*\/api\/v1\/users\/00ugwen\/sessions\?oauthTokens=true'  # then require a managed device/);
  });

  it('fires for a non-compliant device, one the inventory lacks, and a sign-in with no device', async () => {
    for (const [device, why] of [
      ['dev-stale', 'non-compliant'],
      ['dev-nowhere', 'device not in the inventory'],
      [null, 'no device reported'],
    ] as const) {
      const fs = await scan(
        estate({ people: [gwen, omar], aws, devices, okta: [{ email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom', device }] }),
      );
      assert.equal(one(fs, 'context-untrusted-device', 'E20').evidence.reason, why);
    }
  });

  it('does not fire for a non-privileged person on an unmanaged device, nor a privileged sign-in from a managed compliant device', async () => {
    const fs = await scan(
      estate({
        people: [gwen, omar],
        aws,
        devices,
        okta: [
          { email: 'omar@example.com', time: ago(NOW, 1), country: 'United States', device: 'dev-omar' },
          { email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom', device: 'dev-managed' },
          // Outside the window: not judged.
          { email: 'gwen@example.com', time: ago(NOW, 31), country: 'United Kingdom', device: 'dev-byod' },
          // Failed: not a sign-in.
          { email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom', device: 'dev-byod', outcome: 'FAILURE' },
        ],
      }),
    );
    none(fs, 'context-untrusted-device');
  });

  it('does not run without a devices/ folder, and a later scan without one keeps its finding open', async () => {
    const root = await tempRoot();
    const db = join(root, 'graph.db');
    const signIns = [{ email: 'gwen@example.com', time: ago(NOW, 1), country: 'United Kingdom', device: 'dev-byod' }];
    const withInventory = await writeEstate(estate({ people: [gwen, omar], aws, devices, okta: signIns }), root);
    const first = await scanInto(db, withInventory);
    assert.equal(one(first, 'context-untrusted-device', 'E20').status, 'open');
    const without = await writeEstate(estate({ people: [gwen, omar], aws, okta: signIns }), root);
    const second = await scanInto(db, without);
    assert.equal(one(second, 'context-untrusted-device', 'E20').status, 'open');
    // A fresh store that never saw an inventory: no finding at all, although every device is unknown.
    const never = await scan(estate({ people: [gwen, omar], aws, okta: signIns }));
    none(never, 'context-untrusted-device');
  });

  it('counts a privileged SCIM group (config.scim.apps.<app>.privilegedGroups) as privilege', async () => {
    const ops: ScimApp = { name: 'ops', users: [{ id: 'u-omar', userName: 'omar@example.com' }], groups: [{ name: 'Ops Admins', members: ['u-omar'] }] };
    const signIns = [{ email: 'omar@example.com', time: ago(NOW, 1), country: 'United States', device: 'dev-omar' }];
    const plain = await scan(estate({ people: [omar], scim: [ops], devices, okta: signIns }));
    none(plain, 'context-untrusted-device');
    const privileged = await scan(estate({ people: [omar], scim: [ops], devices, okta: signIns }), {
      scim: { apps: { ops: { privilegedGroups: ['Ops Admins'] } } },
    } as never);
    assert.equal(one(privileged, 'context-untrusted-device', 'E21').evidence.reason, 'unmanaged and non-compliant');
  });
});

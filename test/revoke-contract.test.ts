// What every connector's revocation actions promise, checked for all of them
// at once: kinds named `<source>.<verb>` and unique; reversible exactly when
// there is an undo; nothing planned for a finding whose remediation is not a
// revocation; plans carry identifiers only and name their calls; a subject
// of another source with an unrelated action plans nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registry } from '../src/cli/registry.js';
import type { RemediationInput } from '../src/sources/connector.js';

const actions = registry.flatMap((c) => (c.revocations ?? []).map((a) => ({ source: c.source, a })));

test('revocation actions: names, undo, and planning only what they serve', () => {
  assert.ok(actions.length >= 12, 'AWS, GCP, GitHub and SCIM declare their actions');
  const kinds = actions.map((x) => x.a.kind);
  assert.equal(new Set(kinds).size, kinds.length, 'kinds are unique');
  for (const { source, a } of actions) {
    assert.ok(a.kind.startsWith(`${source}.`), `${a.kind} is named for ${source}`);
    assert.equal(a.reversible, typeof a.undo === 'function', `${a.kind}: reversible exactly when it can undo`);
    assert.ok(a.subjectTypes.length > 0);
    // Declaring an owner is no revocation: no action plans anything for it.
    for (const type of a.subjectTypes) {
      const input: RemediationInput = {
        ruleId: 'orphaned-nhi',
        action: 'assign-owner',
        subject: { source, container: 'c', type, id: 'x', name: 'x' },
        props: { hasPassword: true, membership: 'member', repository: 'r', roles: ['roles/editor'] },
        evidence: { activeCredentials: ['k'], viaAccounts: ['u'], entitlementSource: source },
        entitlement: 'c/g',
      };
      assert.deepEqual(a.plan(input), [], `${a.kind} plans nothing for assign-owner`);
      assert.deepEqual(a.plan({ ...input, action: 'disable-account', subject: { ...input.subject, source: 'elsewhere' }, evidence: {} }), [], `${a.kind} plans nothing for another source's subject`);
    }
  }
});

test('a planned action names its calls and holds identifiers only', () => {
  const leaver: RemediationInput = {
    ruleId: 'leaver-active-access',
    action: 'disable-account',
    subject: { source: 'scim', container: 'crm', type: 'user', id: 'u1', name: 'leo@example.com' },
    props: { scimBaseUrl: 'https://evil.example/scim', scimTokenEnv: 'CRM_TOKEN' },
    evidence: {},
    entitlement: null,
  };
  const planned = actions.flatMap(({ a }) => a.plan(leaver));
  assert.deepEqual(planned.map((p) => p.kind), ['scim.deactivate-user']);
  const p = planned[0]!;
  assert.deepEqual(p.calls, [{ api: 'SCIM PATCH /Users/{id}', target: { app: 'crm', id: 'u1', active: 'false' } }]);
  // The snapshot's base URL is never where a write goes: only the config's is.
  assert.ok(!JSON.stringify(p).includes('evil.example'));
});

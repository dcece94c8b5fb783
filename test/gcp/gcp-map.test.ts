// The pure part: Google REST payloads (as the API, gcloud and client-library
// dumps write them) -> checked records -> graph records, and the attribute
// condition check of workload identity providers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listItems, parseJson } from '../../connectors/gcp/json.js';
import { activities, policyBindings, serviceAccountKeys, serviceAccounts, workloadIdentityProviders } from '../../connectors/gcp/shape.js';
import { mapProjects } from '../../connectors/gcp/map.js';
import type { ProjectSnapshot } from '../../connectors/gcp/model.js';
import { pinsOneRepository, providerTrustIssues } from '../../connectors/gcp/trust.js';
import { errorMessage } from '../../src/util/errors.js';

const NOW = '2026-11-20T02:00:00.000Z';
const F = 'gcp/p/x.json';
const fails = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => pattern.test(errorMessage(e)));

describe('list files in every real form', () => {
  const a = { email: 'a@p.iam.gserviceaccount.com' };
  const b = { email: 'b@p.iam.gserviceaccount.com' };
  it('reads the gcloud array, one wrapped response, and an array of pages (nextPageToken left in)', () => {
    const emails = (json: unknown) => serviceAccounts(json, F).map((s) => s.email);
    assert.deepEqual(emails([a, b]), [a.email, b.email]);
    assert.deepEqual(emails({ accounts: [a, b], nextPageToken: '' }), [a.email, b.email]);
    assert.deepEqual(emails([{ accounts: [a], nextPageToken: 'x' }, { accounts: [b] }]), [a.email, b.email]);
    assert.deepEqual(emails({ accounts: [] }), []);
    assert.deepEqual(emails([]), []);
    // A whole file of {} (or a null list) is not read as "no accounts": that would resolve their findings.
    fails(() => emails({}), /at \$: an empty object/);
    fails(() => emails({ accounts: null }), /at \$\.accounts: accounts is null/);
  });

  it('names the page and item of a bad entry', () => {
    fails(() => serviceAccounts([{ accounts: [a] }, { accounts: [{ displayName: 'x' }] }], F), /gcp\/p\/x\.json at \$\[1\]\.accounts\[0\]\.email: email missing/);
    assert.deepEqual(listItems([{ keys: [{ name: 'n' }] }], 'keys', F).map((i) => i.path), ['$[0].keys[0]']);
  });

  it('names the line of a JSON syntax error and never quotes the file', () => {
    fails(() => parseJson('{\n  "bindings": [\n    {"role": "roles/owner",, }\n  ]\n}', F), /x\.json line 3: not valid JSON$/);
  });

  it('reads snake_case key fields and strict RFC 3339 times (nanoseconds, offsets)', () => {
    const [k] = serviceAccountKeys(
      { keys: [{ name: 'projects/p/serviceAccounts/A@p.iam.gserviceaccount.com/keys/abc', key_type: 'USER_MANAGED', valid_after_time: '2026-01-02T03:04:05.123456789Z', valid_before_time: '2026-03-02T05:04:05+02:00', disabled: true, disable_reason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED' }] },
      F,
    );
    assert.deepEqual(
      { id: k!.keyId, sa: k!.serviceAccountEmail, type: k!.keyType, after: k!.validAfter, before: k!.validBefore, disabled: k!.disabled, why: k!.disableReason },
      { id: 'abc', sa: 'a@p.iam.gserviceaccount.com', type: 'USER_MANAGED', after: '2026-01-02T03:04:05.123Z', before: '2026-03-02T03:04:05.000Z', disabled: true, why: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED' },
    );
    fails(() => serviceAccountKeys([{ keys: [{ name: 'projects/p/serviceAccounts/a/keys/k', validAfterTime: '2026-02-30T00:00:00Z' }] }], F), /at \$\[0\]\.keys\[0\]\.validAfterTime: validAfterTime: not an ISO 8601 timestamp with a time and a time zone, or not a real calendar date and time/);
    fails(() => serviceAccountKeys([{ name: 'projects/p/serviceAccounts/a/keys/k', valid_before_time: '2026-13-01T00:00:00Z' }], F), /at \$\[0\]\.valid_before_time: /);
  });

  it('reads a policy with and without conditions, and activity with and without a time', () => {
    const bindings = policyBindings({ version: 3, etag: 'x', bindings: [{ role: 'roles/viewer', members: ['user:a@x.com'] }, { role: 'roles/owner', members: ['user:b@x.com'], condition: { title: 't', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' } }] }, F);
    assert.deepEqual(bindings.map((b) => [b.role, b.condition?.title ?? null]), [['roles/viewer', null], ['roles/owner', 't']]);
    const acts = activities(
      [{ activities: [{ full_resource_name: '//iam.googleapis.com/projects/p/serviceAccounts/a@p.iam.gserviceaccount.com', activity: { last_authenticated_time: '2026-08-22T07:00:00Z' } }], nextPageToken: 'n' }, { activities: [{ fullResourceName: '//iam.googleapis.com/projects/p/serviceAccounts/b', activity: {} }] }],
      F,
      'serviceAccount',
    );
    assert.deepEqual(acts.map((a) => a.lastAuthenticated), ['2026-08-22T07:00:00.000Z', null]);
  });
});

function project(over: Partial<ProjectSnapshot>): ProjectSnapshot {
  return { projectId: 'p1', serviceAccounts: [], keys: [], bindings: [], accountActivity: [], keyActivity: [], providers: [], warnings: [], ...over };
}

describe('mapping to graph records', () => {
  const email = 'ci@p1.iam.gserviceaccount.com';
  const key = (id: string, over: Record<string, unknown> = {}) => ({
    name: `projects/p1/serviceAccounts/${email}/keys/${id}`, keyId: id, serviceAccountEmail: email, keyType: 'USER_MANAGED', keyOrigin: null, keyAlgorithm: null,
    validAfter: '2026-01-01T00:00:00.000Z', validBefore: '9999-12-31T23:59:59.000Z', disabled: false, disableReason: null, ...over,
  });
  const { graph } = mapProjects(
    [
      project({
        serviceAccounts: [{ email, name: null, uniqueId: '42', displayName: 'CI', description: 'Owner: Ana@Example.com; runs as ci@p1.iam.gserviceaccount.com', disabled: false }],
        keys: [key('k1'), key('k2', { validBefore: '2026-11-01T00:00:00.000Z' }), key('k3', { keyType: 'SYSTEM_MANAGED', validBefore: '2027-01-01T00:00:00.000Z' })],
        bindings: [
          { role: 'roles/iam.serviceAccountAdmin', members: ['user:Ana@Example.com', `serviceAccount:${email}`, 'serviceAccount:service-1@gcp-sa-pubsub.iam.gserviceaccount.com', 'group:eng@example.com', 'deleted:user:old@example.com?uid=1'], condition: null },
        ],
        accountActivity: [{ fullResourceName: '//iam.googleapis.com/projects/p1/serviceAccounts/42', lastAuthenticated: '2026-11-01T07:00:00.000Z' }],
        keyActivity: [{ fullResourceName: `//iam.googleapis.com/projects/p1/serviceAccounts/${email}/keys/k1`, lastAuthenticated: '2026-11-10T07:00:00.000Z' }],
      }),
      project({ projectId: 'p2', bindings: [{ role: 'roles/editor', members: [`serviceAccount:${email}`], condition: null }] }),
    ],
    NOW,
  );
  const node = (key: string) => graph.nodes.find((n) => n.key === key)?.props;

  it('a service account: NHI, owner from its description, last use of itself or its keys, privileged across projects', () => {
    const sa = node(`gcp:p1:service-account:${email}`)!;
    assert.deepEqual(
      { nhi: sa.isNhi, active: sa.active, owners: sa.ownerValues, methods: sa.ownerMethods, last: sa.lastUsedAt, priv: sa.privileged, catalogId: sa.catalogId },
      { nhi: true, active: true, owners: ['ana@example.com'], methods: ['gcp-description'], last: '2026-11-10T07:00:00.000Z', priv: true, catalogId: email },
    );
    assert.deepEqual(sa.roles, ['p1/roles/iam.serviceAccountAdmin', 'p2/roles/editor']);
    assert.ok(graph.edges.some((e) => e.type === 'HOLDS' && e.from === `gcp:p1:service-account:${email}` && e.to === 'gcp:p2:role-binding:roles/editor'));
  });

  it('keys: year 9999 is no expiry; a past validBeforeTime is inactive; SYSTEM_MANAGED is provider-managed', () => {
    const k = (id: string) => node(`gcp:p1:service-account-key:projects/p1/serviceAccounts/${email}/keys/${id}`)!;
    assert.deepEqual([k('k1').active, k('k1').noExpiry, k('k1').expiresAt, k('k1').lastUsedAt], [true, true, null, '2026-11-10T07:00:00.000Z']);
    assert.deepEqual([k('k2').active, k('k2').noExpiry], [false, false]);
    assert.deepEqual([k('k3').active, k('k3').providerManaged, k('k3').noExpiry], [true, true, false]);
    assert.ok(graph.edges.some((e) => e.type === 'AUTHENTICATES_AS' && e.to === `gcp:p1:service-account:${email}`));
  });

  it('a user: member is an account linked by email; a service agent is provider-managed; groups and deleted members are recorded', () => {
    const u = node('gcp:p1:binding:user:ana@example.com')!;
    assert.deepEqual([u.type, u.nativeId, u.isNhi, u.active, u.privileged, u.linkValues, u.linkMethods], ['binding', 'user:ana@example.com', false, true, true, ['email:ana@example.com'], ['gcp-member']]);
    assert.equal(node('gcp:p1:service-account:service-1@gcp-sa-pubsub.iam.gserviceaccount.com')!.providerManaged, true);
    const e = node('gcp:p1:role-binding:roles/iam.serviceAccountAdmin')!;
    assert.deepEqual([e.entitlementId, e.privileged, e.otherMembers], ['p1/roles/iam.serviceAccountAdmin', true, ['group:eng@example.com', 'deleted:user:old@example.com?uid=1']]);
  });
});

describe('workload identity provider conditions', () => {
  it('one exact repository, and only that, pins the trust', () => {
    assert.equal(pinsOneRepository("assertion.repository == 'org/app'"), true);
    assert.equal(pinsOneRepository("attribute.repository=='org/app' && assertion.ref=='refs/heads/main'"), true);
    assert.equal(pinsOneRepository("'org/app' == assertion.repository"), true);
    assert.equal(pinsOneRepository("assertion.repository == 'org/app' && (assertion.ref == 'a' || assertion.ref == 'b')"), true);
    assert.equal(pinsOneRepository("assertion.repository == 'org/app' || assertion.repository == 'org/other'"), false);
    assert.equal(pinsOneRepository("(assertion.repository == 'org/app' || assertion.actor == 'x') && assertion.ref == 'main'"), false);
    assert.equal(pinsOneRepository("assertion.repository_owner == 'org'"), false);
    assert.equal(pinsOneRepository("assertion.repository.startsWith('org/')"), false);
    assert.equal(pinsOneRepository("assertion.repository != 'org/app'"), false);
    assert.equal(pinsOneRepository("assertion.repository in ['org/a']"), false);
    assert.equal(pinsOneRepository("assertion.sub == 'repo:org/app:ref:refs/heads/main' && assertion.repository == 'org/app || x'"), true, '|| inside a string is no alternative');
  });

  it('only GitHub issuers are judged; a missing condition is an issue', () => {
    const p = { name: 'projects/1/locations/global/workloadIdentityPools/g/providers/x', poolName: 'g', displayName: null, disabled: false, state: 'ACTIVE', poolDisabled: false, attributeMapping: {} };
    assert.deepEqual(providerTrustIssues({ ...p, issuerUri: 'https://token.actions.githubusercontent.com', attributeCondition: null }), [`github-provider-without-attribute-condition: ${p.name}`]);
    assert.deepEqual(providerTrustIssues({ ...p, issuerUri: 'https://token.actions.githubusercontent.com/', attributeCondition: "assertion.repository == 'o/r'" }), []);
    assert.deepEqual(providerTrustIssues({ ...p, issuerUri: 'https://accounts.google.com', attributeCondition: null }), []);
  });

  it('reads pools with providers as an array or as a wrapped list', () => {
    const prov = { name: 'projects/1/locations/global/workloadIdentityPools/g/providers/x', oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' }, attribute_condition: "assertion.repository=='o/r'", attributeMapping: { 'attribute.repository_owner': 'assertion.repository_owner' } };
    const got = workloadIdentityProviders({ workloadIdentityPools: [{ name: 'projects/1/locations/global/workloadIdentityPools/g', providers: { workloadIdentityPoolProviders: [prov] } }] }, F);
    assert.deepEqual([got[0]!.issuerUri, got[0]!.attributeCondition, Object.keys(got[0]!.attributeMapping)], ['https://token.actions.githubusercontent.com', "assertion.repository=='o/r'", ['attribute.repository_owner']]);
  });
});

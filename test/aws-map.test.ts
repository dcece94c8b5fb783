// The AWS mapping on payloads shaped the way AWS writes them: URL-encoded
// policy documents, the credential report's N/A / no_information /
// not_supported markers, `+00:00` and `Z` timestamps side by side.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeTrail } from '../connectors/aws/cloudtrail.js';
import { parseCredentialReport } from '../connectors/aws/credential-report.js';
import { mapAccount } from '../connectors/aws/map.js';
import type { AccountSnapshot, AuthorizationDetails } from '../connectors/aws/model.js';
import { decodePolicyDocument } from '../connectors/aws/policy-document.js';
import { trustIssues } from '../connectors/aws/trust.js';
import type { GraphBatch } from '../src/graph/records.js';
import { SourceError } from '../src/util/errors.js';

const ACCT = '111111111111';
const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${ACCT}:${kind}${path}${name}`;
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const allow = (Action: unknown, Resource: unknown = '*') => ({ Effect: 'Allow', Action, Resource });
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const GH = `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`;
const EKS = `arn:aws:iam::${ACCT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123`;
const ghTrust = (Condition: unknown) =>
  doc({ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition });

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const NO_KEY = 'false,N/A,N/A,N/A,N/A';
const REPORT = [
  HEADER,
  `<root_account>,arn:aws:iam::${ACCT}:root,2019-05-01T00:00:00+00:00,not_supported,2026-10-01T08:00:00+00:00,not_supported,not_supported,false,${NO_KEY},${NO_KEY},false,N/A,false,N/A`,
  `ana@northwind.example,${arn('user', 'ana@northwind.example')},2024-01-02T03:04:05+00:00,true,2026-11-01T09:00:00+00:00,2024-01-02T03:04:05+00:00,N/A,false,` +
    `true,2025-01-10T09:00:00+00:00,2026-11-10T12:00:00+00:00,us-east-1,s3,true,2026-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A`,
  `ci-deployer,${arn('user', 'ci-deployer', '/automation/')},2023-03-05T10:20:30+00:00,false,N/A,N/A,N/A,false,` +
    `true,2024-03-05T10:20:30+00:00,2026-09-01T07:00:00+00:00,eu-west-1,ec2,${NO_KEY},false,N/A,false,N/A`,
  `bob,${arn('user', 'bob')},2022-01-01T00:00:00+00:00,true,no_information,N/A,N/A,true,${NO_KEY},${NO_KEY},false,N/A,false,N/A`,
  `svc-reports,${arn('user', 'svc-reports')},2022-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${NO_KEY},${NO_KEY},false,N/A,false,N/A`,
].join('\n');

const AUTH: AuthorizationDetails = {
  UserDetailList: [
    { UserName: 'ana@northwind.example', Arn: arn('user', 'ana@northwind.example'), Path: '/', CreateDate: '2024-01-02T03:04:05+00:00', GroupList: ['developers'], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [{ Key: 'Email', Value: 'Ana@Northwind.Example' }] },
    { UserName: 'ci-deployer', Arn: arn('user', 'ci-deployer', '/automation/'), Path: '/automation/', CreateDate: '2023-03-05T10:20:30Z', GroupList: ['admins'], Tags: [{ Key: 'Owner', Value: 'group:default/platform  lee@northwind.example' }, { Key: 'driftgraph.dev/allowed-cidrs', Value: '10.0.0.0/8 203.0.113.0/24' }] },
    // Deny is not subtracted from the Allow: bob is privileged.
    { UserName: 'bob', Arn: arn('user', 'bob'), CreateDate: '2022-01-01T00:00:00Z', UserPolicyList: [{ PolicyName: 'iam-admin', PolicyDocument: enc(doc(allow(['iam:*']), { Effect: 'Deny', Action: 'iam:*', Resource: '*' })) }] },
    { UserName: 'svc-reports', Arn: arn('user', 'svc-reports'), CreateDate: '2022-01-01T00:00:00Z', UserPolicyList: [{ PolicyName: 'not-iam', PolicyDocument: enc(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })) }], Tags: [{ Key: 'driftgraph.dev/expected-regions', Value: 'eu-west-1 eu-central-1' }] },
    // Only the default version counts; v1 was broad, v2 (default) is not. A customer policy named AdministratorAccess is judged by content.
    { UserName: 'carol', Arn: arn('user', 'carol'), CreateDate: '2022-01-01T00:00:00Z', AttachedManagedPolicies: [{ PolicyName: 'Reporting', PolicyArn: arn('policy', 'Reporting') }, { PolicyName: 'AdministratorAccess', PolicyArn: arn('policy', 'AdministratorAccess') }] },
  ],
  GroupDetailList: [
    { GroupName: 'admins', Arn: arn('group', 'admins'), CreateDate: '2021-01-01T00:00:00Z', AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], GroupPolicyList: [] },
    { GroupName: 'developers', Arn: arn('group', 'developers'), CreateDate: '2021-01-01T00:00:00Z', GroupPolicyList: [{ PolicyName: 's3', PolicyDocument: doc(allow('s3:*')) }] },
  ],
  RoleDetailList: [
    { RoleName: 'gh-deploy-broad', Arn: arn('role', 'gh-deploy-broad'), Path: '/', CreateDate: '2025-01-01T00:00:00Z', AssumeRolePolicyDocument: enc(ghTrust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:northwind/*' } })), RoleLastUsed: {} },
    { RoleName: 'gh-deploy-main', Arn: arn('role', 'gh-deploy-main'), Path: '/', CreateDate: '2025-01-01T00:00:00Z', AssumeRolePolicyDocument: ghTrust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:northwind/app:ref:refs/heads/main' } }) },
    { RoleName: 'gh-two-repos', Arn: arn('role', 'gh-two-repos'), AssumeRolePolicyDocument: ghTrust({ StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:northwind/app:*', 'repo:northwind/infra:*'] } }) },
    { RoleName: 'eks-any-sa', Arn: arn('role', 'eks-any-sa'), AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Federated: EKS }, Action: ['sts:AssumeRoleWithWebIdentity'], Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud': 'sts.amazonaws.com' } } }) },
    { RoleName: 'AWSServiceRoleForSupport', Arn: arn('role', 'AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/'), Path: '/aws-service-role/support.amazonaws.com/', AssumeRolePolicyDocument: enc(doc({ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' })), AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' }] },
    { RoleName: 'app-runtime', Arn: arn('role', 'app-runtime', '/service/'), Path: '/service/', CreateDate: '2024-02-02T00:00:00Z', AssumeRolePolicyDocument: enc(doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })), RoleLastUsed: { LastUsedDate: '2026-11-17T00:00:00+00:00', Region: 'eu-west-1' }, Tags: [{ Key: 'contact', Value: 'payments@northwind.example' }] },
  ],
  Policies: [
    { PolicyName: 'Reporting', Arn: arn('policy', 'Reporting'), DefaultVersionId: 'v2', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: enc(doc(allow('*'))) }, { VersionId: 'v2', IsDefaultVersion: true, Document: enc(doc(allow(['ce:Get*', 'cur:Describe*']))) }] },
    { PolicyName: 'AdministratorAccess', Arn: arn('policy', 'AdministratorAccess'), DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(allow('ec2:Describe*')) }] },
  ],
};

const KEYS = [
  // Listed out of slot order, with the other timestamp form: matched by instant, not position.
  { UserName: 'ana@northwind.example', AccessKeyId: 'AKIAANA2', Status: 'Active', CreateDate: '2026-06-01T00:00:00Z' },
  { UserName: 'ana@northwind.example', AccessKeyId: 'AKIAANA1', Status: 'Active', CreateDate: '2025-01-10T09:00:00.000Z', AccessKeyLastUsed: { LastUsedDate: '2026-11-12T00:00:00Z', ServiceName: 's3', Region: 'us-east-1' } },
  { UserName: 'ci-deployer', AccessKeyId: 'AKIACI1', Status: 'Inactive', CreateDate: '2024-03-05T10:20:30Z', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } },
];

const TRAIL = [
  { eventTime: '2026-11-18T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.7', userAgent: 'aws-sdk-go', userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCT}:assumed-role/app-runtime/i-0abc`, accessKeyId: 'ASIAX', sessionContext: { sessionIssuer: { type: 'Role', arn: arn('role', 'app-runtime', '/service/'), userName: 'app-runtime' } } } },
  { eventTime: '2026-11-16T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'PutObject', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.7', userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', arn: arn('role', 'app-runtime', '/service/') } } } },
  { eventTime: '2026-11-18T11:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetRole', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', arn: arn('role', 'app-runtime', '/service/') } } } },
  { eventTime: '2026-11-15T00:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'us-east-1', sourceIPAddress: 'ec2.amazonaws.com', userIdentity: { type: 'IAMUser', arn: arn('user', 'ana@northwind.example'), accessKeyId: 'AKIAANA1', userName: 'ana@northwind.example' } },
  { eventTime: '2026-11-14T00:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.1', userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::222222222222:role/elsewhere' } } } },
  { eventTime: '2026-11-14T00:00:00Z', eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', awsRegion: 'eu-west-1', sourceIPAddress: 'AWS Internal', userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' } },
];

function snapshot(over: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    accountId: ACCT,
    authorization: AUTH,
    credentialReport: parseCredentialReport(REPORT, `aws/${ACCT}/credential-report.csv`),
    accessKeys: KEYS,
    trail: summarizeTrail(TRAIL),
    warnings: [],
    ...over,
  };
}

const mapped = mapAccount(snapshot());
const node = (g: GraphBatch, type: string, id: string) => {
  const n = g.nodes.find((x) => x.key === `aws:${ACCT}:${type}:${id}`);
  assert.ok(n, `no node ${type} ${id}`);
  return n.props;
};
const hasEdge = (g: GraphBatch, type: string, from: string, to: string) =>
  g.edges.some((e) => e.type === type && e.from === from && e.to === to);

describe('AWS mapping: users and the root user', () => {
  it('maps the root row to arn:...:root, privileged, with MFA state', () => {
    const root = node(mapped.graph, 'user', `arn:aws:iam::${ACCT}:root`);
    assert.equal(root.isRoot, true);
    assert.equal(root.name, '<root_account>');
    assert.equal(root.isNhi, false);
    assert.equal(root.privileged, true);
    assert.equal(root.mfaActive, false);
    assert.equal(root.hasPassword, null); // not_supported
    assert.equal(root.passwordLastUsedAt, '2026-10-01T08:00:00.000Z');
    assert.equal(root.active, true);
  });

  it('takes password, MFA, links and the latest use signal of a human user', () => {
    const ana = node(mapped.graph, 'user', arn('user', 'ana@northwind.example'));
    assert.deepEqual([ana.source, ana.container, ana.type], ['aws', ACCT, 'user']);
    assert.equal(ana.catalogId, arn('user', 'ana@northwind.example'));
    assert.equal(ana.hasPassword, true);
    assert.equal(ana.mfaActive, false);
    assert.equal(ana.active, true);
    assert.equal(ana.isNhi, null); // derived after loading
    assert.equal(ana.createdAt, '2024-01-02T03:04:05.000Z');
    assert.equal(ana.lastUsedAt, '2026-11-15T00:00:00.000Z'); // CloudTrail beats the report and the API
    assert.deepEqual(ana.linkValues, ['email:ana@northwind.example', 'email:ana@northwind.example']);
    assert.deepEqual(ana.linkMethods, ['aws-tag-email', 'email']);
    assert.deepEqual(ana.tags, ['Email=Ana@Northwind.Example']);
    assert.equal(ana.privileged, false);
    assert.deepEqual(ana.groups, [arn('group', 'developers')]);
    assert.equal(ana.hasOwnerTag, false);
  });

  it('reads owner tags split on spaces and declared CIDRs and regions', () => {
    const ci = node(mapped.graph, 'user', arn('user', 'ci-deployer', '/automation/'));
    assert.deepEqual(ci.ownerValues, ['group:default/platform', 'lee@northwind.example']);
    assert.deepEqual(ci.ownerMethods, ['aws-tag:Owner', 'aws-tag:Owner']);
    assert.equal(ci.hasOwnerTag, true);
    assert.deepEqual(ci.declaredCidrs, ['10.0.0.0/8', '203.0.113.0/24']);
    assert.equal(ci.hasPassword, false);
    // Its only key is Inactive; the (older) report slot still says active: list-access-keys wins.
    assert.equal(ci.active, false);
    assert.equal(mapAccount(snapshot({ accessKeys: null })).graph.nodes.find((n) => n.props.nativeId === ci.nativeId)!.props.active, true);
    const svc = node(mapped.graph, 'user', arn('user', 'svc-reports'));
    assert.deepEqual(svc.declaredRegions, ['eu-west-1', 'eu-central-1']);
    assert.equal(svc.active, false);
    assert.equal(svc.lastUsedAt, null);
  });

  it('treats no_information as no value', () => {
    const bob = node(mapped.graph, 'user', arn('user', 'bob'));
    assert.equal(bob.passwordLastUsedAt, null);
    assert.equal(bob.mfaActive, true);
  });
});

describe('AWS mapping: privilege', () => {
  it('sees AdministratorAccess through a group', () => {
    const ci = node(mapped.graph, 'user', arn('user', 'ci-deployer', '/automation/'));
    assert.equal(ci.privileged, true);
    assert.deepEqual(ci.privilegeReasons, ['via group admins: managed policy arn:aws:iam::aws:policy/AdministratorAccess attached']);
    const admins = node(mapped.graph, 'group', arn('group', 'admins'));
    assert.equal(admins.privileged, true);
    assert.equal(admins.entitlementId, arn('group', 'admins'));
    assert.ok(hasEdge(mapped.graph, 'HOLDS', `aws:${ACCT}:user:${arn('user', 'ci-deployer', '/automation/')}`, `aws:${ACCT}:group:${arn('group', 'admins')}`));
    assert.equal(node(mapped.graph, 'group', arn('group', 'developers')).privileged, false);
  });

  it('does not subtract Deny, and counts NotAction on *', () => {
    const bob = node(mapped.graph, 'user', arn('user', 'bob'));
    assert.deepEqual(bob.privilegeReasons, ['inline policy iam-admin allows iam:* on *']);
    const svc = node(mapped.graph, 'user', arn('user', 'svc-reports'));
    assert.deepEqual(svc.privilegeReasons, ['inline policy not-iam allows NotAction iam:* on *']);
  });

  it('reads only the default version, and judges a customer policy by content not name', () => {
    const carol = node(mapped.graph, 'user', arn('user', 'carol'));
    assert.deepEqual([carol.privileged, carol.privilegeReasons], [false, []]);
  });
});

describe('AWS mapping: access keys', () => {
  const { graph } = mapped;
  it('matches report slots by creation instant across +00:00 and Z forms', () => {
    const k1 = node(graph, 'access-key', 'AKIAANA1');
    assert.equal(k1.reportSlot, 1);
    assert.equal(k1.rotatedAt, '2025-01-10T09:00:00.000Z');
    assert.equal(k1.createdAt, '2025-01-10T09:00:00.000Z');
    assert.equal(k1.lastUsedAt, '2026-11-15T00:00:00.000Z'); // CloudTrail signed with the key
    assert.equal(k1.lastUsedService, 's3');
    assert.equal(k1.active, true);
    const k2 = node(graph, 'access-key', 'AKIAANA2');
    assert.equal(k2.reportSlot, 2);
    assert.equal(k2.lastUsedAt, null);
    assert.deepEqual([k2.standalone, k2.usageReported], [false, true]);
    assert.ok(hasEdge(graph, 'AUTHENTICATES_AS', `aws:${ACCT}:access-key:AKIAANA2`, `aws:${ACCT}:user:${arn('user', 'ana@northwind.example')}`));
  });

  it('uses the report slot when the API gives no last use (N/A service)', () => {
    const k = node(graph, 'access-key', 'AKIACI1');
    assert.deepEqual([k.active, k.status], [false, 'Inactive']);
    assert.equal(k.lastUsedAt, '2026-09-01T07:00:00.000Z');
    assert.equal(k.lastUsedService, 'ec2');
    assert.equal(k.lastUsedRegion, 'eu-west-1');
    assert.equal(k.name, 'ci-deployer');
  });

  it('emits no key nodes without access-keys.json', () => {
    const g = mapAccount(snapshot({ accessKeys: null })).graph;
    assert.equal(g.nodes.filter((n) => n.label === 'Credential').length, 0);
    assert.equal(node(g, 'user', arn('user', 'ana@northwind.example')).active, true); // slots still say active
  });

  it('never carries a secret', () => {
    const withSecret = KEYS.map((k) => ({ ...k, SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }));
    const text = JSON.stringify(mapAccount(snapshot({ accessKeys: withSecret })).graph);
    assert.ok(!text.includes('wJalrXUtnFEMI'));
  });
});

describe('AWS mapping: roles and trust', () => {
  const { graph } = mapped;
  it('flags GitHub repo:org/*, two repos, and OIDC without sub; accepts one exact repo', () => {
    assert.deepEqual(node(graph, 'role', arn('role', 'gh-deploy-broad')).trustIssues, ['github-oidc-sub-matches-many-repos: repo:northwind/*']);
    assert.deepEqual(node(graph, 'role', arn('role', 'gh-deploy-main')).trustIssues, []);
    assert.deepEqual(node(graph, 'role', arn('role', 'gh-two-repos')).trustIssues, [
      'github-oidc-sub-matches-many-repos: repo:northwind/app:* repo:northwind/infra:*',
    ]);
    assert.deepEqual(node(graph, 'role', arn('role', 'eks-any-sa')).trustIssues, [`oidc-trust-without-sub-condition: ${EKS}`]);
  });

  it('keeps the decoded trust policy and role facts', () => {
    const broad = node(graph, 'role', arn('role', 'gh-deploy-broad'));
    assert.equal(JSON.parse(broad.trustPolicy as string).Statement[0].Principal.Federated, GH);
    assert.deepEqual([broad.isNhi, broad.active, broad.providerManaged], [true, true, false]);
    assert.equal(broad.lastUsedAt, null);
    assert.equal(node(graph, 'role', arn('role', 'AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/')).providerManaged, true);
    const app = node(graph, 'role', arn('role', 'app-runtime', '/service/'));
    assert.equal(app.lastUsedAt, '2026-11-18T11:00:00.000Z'); // CloudTrail later than RoleLastUsed
    assert.deepEqual(app.ownerValues, ['payments@northwind.example']);
    assert.deepEqual(app.ownerMethods, ['aws-tag:contact']);
  });

  it('judges GitHub sub patterns', () => {
    const issues = (Condition: unknown) => trustIssues(decodePolicyDocument(ghTrust(Condition)));
    const sub = 'token.actions.githubusercontent.com:sub';
    assert.equal(issues({ StringLike: { [sub]: 'repo:northwind/app:*' } }).length, 0);
    assert.equal(issues({ StringLike: { [sub]: 'repo:northwind/app-?:*' } }).length, 1);
    assert.equal(issues({ 'ForAnyValue:StringLike': { [sub]: ['repo:northwind/*:ref:refs/heads/main'] } }).length, 1);
    assert.equal(issues({ StringEquals: { [sub]: ['repo:northwind/app:ref:refs/heads/main', 'repo:northwind/app:environment:prod'] } }).length, 0);
    assert.equal(issues({ StringEquals: { [sub]: ['repo:northwind/app:ref:refs/heads/main', 'repo:northwind/web:ref:refs/heads/main'] } }).length, 1);
    assert.equal(issues({ StringLike: { [sub]: '*' } }).length, 1); // no repo: prefix
    assert.equal(issues({ StringNotLike: { [sub]: 'repo:evil/*' } })[0], `oidc-trust-without-sub-condition: ${GH}`);
    assert.equal(issues({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })[0], `oidc-trust-without-sub-condition: ${GH}`);
    // Clauses are ANDed: one clause pinning one repo is enough.
    assert.equal(issues({ StringLike: { [sub]: 'repo:northwind/*' }, StringEquals: { [sub]: 'repo:northwind/app:ref:refs/heads/main' } }).length, 0);
  });
});

describe('AWS mapping: CloudTrail activity', () => {
  const { graph, warnings } = mapped;
  const roleArn = arn('role', 'app-runtime', '/service/');
  it('aggregates AssumedRole calls on the role per region and IP', () => {
    const id = `${roleArn}|eu-west-1|203.0.113.7`;
    const a = node(graph, 'api-activity', id);
    assert.equal(a.type, 'api-activity');
    assert.equal(a.events, 2);
    assert.equal(a.firstEventAt, '2026-11-16T10:00:00.000Z');
    assert.equal(a.lastEventAt, '2026-11-18T10:00:00.000Z');
    assert.equal(a.lastEventName, 'GetObject');
    assert.equal(a.lastEventSource, 's3.amazonaws.com');
    assert.equal(a.globalService, false);
    assert.equal(a.ipKey, '00000000000000000000ffffcb007107');
    assert.ok(hasEdge(graph, 'PERFORMED', `aws:${ACCT}:role:${roleArn}`, `aws:${ACCT}:api-activity:${id}`));
    assert.equal(node(graph, 'api-activity', `${roleArn}|us-east-1|203.0.113.7`).globalService, true);
  });

  it('keeps hostnames as sourceIp with no ipKey, and skips foreign identities with a warning', () => {
    const a = node(graph, 'api-activity', `${arn('user', 'ana@northwind.example')}|us-east-1|ec2.amazonaws.com`);
    assert.equal(a.ipKey, null);
    assert.equal(graph.nodes.filter((n) => n.label === 'Activity').length, 3);
    assert.ok(warnings.some((w) => /1 CloudTrail event\(s\) in 1 activity group/.test(w)));
  });
});

describe('AWS mapping: bad documents', () => {
  it('names the JSON path of an undecodable policy document', () => {
    const auth = { ...AUTH, RoleDetailList: [{ RoleName: 'x', Arn: arn('role', 'x'), AssumeRolePolicyDocument: '%7B%22Statement' }] };
    assert.throws(
      () => mapAccount(snapshot({ authorization: auth })),
      (e: unknown) => e instanceof SourceError && e.place.path === '$.RoleDetailList[0].AssumeRolePolicyDocument' && e.place.file === `aws/${ACCT}/account-authorization-details.json`,
    );
  });
});

// The rules about context and privilege (context-geo-mismatch,
// privileged-without-mfa, broad-workload-trust) through the whole scan, as
// scan-helpers.ts runs it. Each rule has a case that must fire (subject,
// severity, person, owners as docs/rules.md names them) and near misses that
// must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN, READ_ONLY, ago, type AwsRole } from '../helpers/estate.js';
import {
  ACCT,
  NOW,
  account,
  ana,
  bob,
  estate,
  humanUser,
  none,
  ofRule,
  one,
  rArn,
  scan,
  subjectIs,
  uArn,
} from './scan-helpers.js';

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

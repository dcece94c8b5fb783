// The IAM Identity Center revocation actions through the real SDKs against
// the local JSON 1.1 server: plans from a leaver's and a mover's finding,
// the live re-check before each call, the call (with the asynchronous
// deletion polled to SUCCEEDED), the undo, "already gone" seen by the
// re-check, and a failure that names the call. The remediations the same
// findings print run in a real shell with `aws` replaced by a recorder:
// hostile names stay one argument each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { awsSsoRevocations } from '../../connectors/aws-sso/actions.js';
import { awsSsoRemediations } from '../../connectors/aws-sso/remediation.js';
import { ActionCallError, type RemediationInput } from '../../src/sources/connector.js';
import { psArnFor } from '../servers/sso-estate.js';
import { startSsoServer } from '../servers/sso-server.js';
import { INSTANCE, gid, sdkEnv, smallInstance, uid, withProcessEnv } from './fixture.js';

const kind = (k: string) => awsSsoRevocations.find((a) => a.kind === k)!;

test('delete an account assignment and remove a group membership: plan, re-check, execute, undo', async () => {
  const estate = smallInstance();
  const server = await startSsoServer([estate], { throttle: { DeleteGroupMembership: 1 } });
  const env = sdkEnv(server.url);
  const restore = withProcessEnv(env);
  const ctx = { config: {}, env };
  try {
    // A leaver's user: its direct assignment and the group that carries access, as the scan saw them.
    const admin = psArnFor(estate.instanceArn, 1);
    const leaver: RemediationInput = {
      ruleId: 'leaver-active-access',
      action: 'disable-account',
      subject: { source: 'aws-sso', container: INSTANCE, type: 'user', id: uid(1), name: 'leo@example.com' },
      props: { userName: 'leo@example.com', directAssignments: [`${admin}|111111111111`], accessGroups: [`${gid(1)}|m-1-1|platform-admins`] },
      evidence: {},
      entitlement: null,
    };
    const plans = awsSsoRevocations.flatMap((a) => a.plan(leaver));
    assert.deepEqual(plans.map((p) => p.kind), ['aws-sso.delete-account-assignment', 'aws-sso.remove-group-membership']);
    assert.ok(plans.every((p) => p.reversible && p.container === INSTANCE));

    const assignment = kind('aws-sso.delete-account-assignment');
    const ap = plans[0]!.params;
    assert.equal((await assignment.check(ap, ctx)).stillThere, true);
    await assignment.execute(ap, ctx);
    assert.ok(server.counts.get('DescribeAccountAssignmentDeletionStatus')! >= 2, 'IN_PROGRESS polled until SUCCEEDED');
    assert.ok(!estate.assignments.some((a) => a.principalId === uid(1) && a.accountId === '111111111111'));
    const after = await assignment.check(ap, ctx);
    assert.deepEqual([after.stillThere, after.detail], [false, 'the assignment is already gone']);
    await assignment.undo!(ap, ctx);
    assert.ok(estate.assignments.some((a) => a.principalId === uid(1) && a.accountId === '111111111111'), 'undo creates it again');

    const membership = kind('aws-sso.remove-group-membership');
    const mp = plans[1]!.params;
    assert.equal((await membership.check(mp, ctx)).stillThere, true);
    await membership.execute(mp, ctx); // throttled once, retried by the SDK
    assert.equal(server.counts.get('DeleteGroupMembership'), 2);
    assert.ok(!estate.memberships.get(gid(1))!.some((m) => m.UserId === uid(1)));
    assert.equal((await membership.check(mp, ctx)).stillThere, false);
    await assert.rejects(membership.execute(mp, ctx), (e: unknown) => e instanceof ActionCallError && e.gone);
    await membership.undo!(mp, ctx);
    assert.ok(estate.memberships.get(gid(1))!.some((m) => m.UserId === uid(1)), 'undo adds it back');

    // A mover's findings name the entitlement and the user names only: the ids are looked up live.
    const mover = (entitlement: string): RemediationInput => ({
      ruleId: 'mover-residual-access',
      action: 'remove-entitlement',
      subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: 'Mia' },
      props: {},
      evidence: { viaAccounts: ['mia@example.com'], entitlementSource: 'aws-sso' },
      entitlement,
    });
    const [groupPlan] = awsSsoRevocations.flatMap((a) => a.plan(mover(`${INSTANCE}/group/readers; echo 'x'`)));
    assert.equal(groupPlan!.kind, 'aws-sso.remove-group-membership');
    assert.equal((await membership.check(groupPlan!.params, ctx)).stillThere, true);
    await membership.execute(groupPlan!.params, ctx);
    assert.ok(!estate.memberships.get(gid(2))!.some((m) => m.UserId === uid(2)));

    const [directPlan] = awsSsoRevocations.flatMap((a) => a.plan(mover(`${INSTANCE}/IamWriter@333333333333`)));
    assert.equal(directPlan!.kind, 'aws-sso.delete-account-assignment');
    assert.equal((await assignment.check(directPlan!.params, ctx)).stillThere, true);
    await assignment.execute(directPlan!.params, ctx);
    assert.ok(!estate.assignments.some((a) => a.principalId === uid(2)));

    // Another source's mover finding plans nothing here.
    assert.deepEqual(awsSsoRevocations.flatMap((a) => a.plan({ ...mover('payments/admins'), evidence: { viaAccounts: ['x'], entitlementSource: 'scim' } })), []);

    // A user deleted since the scan: the re-check says so instead of failing.
    const gone = await membership.check({ instance: INSTANCE, userName: 'nobody@example.com', groupName: 'platform-admins' }, ctx);
    assert.equal(gone.stillThere, false);

    // A call that keeps failing names itself.
    server.faults.fail.DeleteAccountAssignment = { status: 400, code: 'AccessDeniedException' };
    await assert.rejects(assignment.execute(ap, ctx), (e: unknown) => e instanceof ActionCallError && e.call === 'SSOAdmin DeleteAccountAssignment' && !e.gone && /AccessDeniedException/.test(e.message));
  } finally {
    restore();
    await server.close();
  }
});

test('remediations are exact aws commands in which hostile names stay one argument', () => {
  const hostile = "x';$(touch /tmp/sso-pwned-$$);'";
  const leaver: RemediationInput = {
    ruleId: 'leaver-active-access',
    action: 'disable-account',
    subject: { source: 'aws-sso', container: INSTANCE, type: 'user', id: `u-${hostile}`, name: hostile },
    props: {
      instanceArn: `arn:aws:sso:::instance/${INSTANCE}`,
      identityStoreId: 'd-1111111111',
      directAssignments: [`arn:aws:sso:::permissionSet/${INSTANCE}/ps-1|111111111111`],
      accessGroups: [`${gid(1)}|m-${hostile}|g`],
    },
    evidence: {},
    entitlement: null,
  };
  const mover: RemediationInput = {
    ...leaver,
    action: 'remove-entitlement',
    subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null },
    props: {},
    evidence: { viaAccounts: [hostile], entitlementSource: 'aws-sso' },
    entitlement: `${INSTANCE}/group/${hostile}`,
  };
  const leaverCmd = awsSsoRemediations['disable-account']!(leaver)!;
  const moverCmd = awsSsoRemediations['remove-entitlement']!(mover)!;
  assert.match(leaverCmd, /^aws sso-admin delete-account-assignment --instance-arn arn:aws:sso:::instance\/ssoins-1111222233334444 --target-id 111111111111 --target-type AWS_ACCOUNT /);
  // `aws` records its arguments, one per line; nothing else may run.
  const run = (cmd: string) => spawnSync('bash', ['-c', `aws() { printf '<%s>\\n' "$@"; }; ${cmd}`], { encoding: 'utf8' });
  const l = run(leaverCmd);
  assert.equal(l.status, 0, l.stderr);
  assert.ok(l.stdout.includes(`<u-${hostile}>`) && l.stdout.includes(`<m-${hostile}>`), 'each hostile value arrives whole, as one argument');
  const m = run(moverCmd);
  assert.equal(m.status, 0, m.stderr);
  assert.ok(m.stdout.includes('<delete-group-membership>'));
  assert.ok(!/sso-pwned/.test(spawnSync('bash', ['-c', 'ls /tmp'], { encoding: 'utf8' }).stdout), 'nothing the names held was run');
});

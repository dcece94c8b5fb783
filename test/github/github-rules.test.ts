// Every GitHub rule through the whole scan (HR + catalog + github/acme/):
// the case that fires, with the subject, person, entitlement and remediation
// docs/rules.md names, and the near misses that must not.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { none, one, ofRule, scan, subjectIs } from '../rules/scan-helpers.js';
import { acmeEstate, CONFIG, ORG } from './estate.js';

let fs: StoredFinding[];
before(async () => {
  fs = await scan(acmeEstate(), CONFIG);
});

const ids = (rule: string) => ofRule(fs, rule).filter((f) => f.subject.source === 'github').map((f) => f.subject.id).sort();

describe('GitHub rules on the acme org', () => {
  it('leaver-active-access: the leaver\'s login, its active PAT and authorization in the evidence, not the expired PAT', () => {
    const f = one(fs, 'leaver-active-access', 'bob');
    subjectIs(f, 'user', 'bob', 'github', ORG);
    assert.deepEqual(f.person, { employeeId: 'E2', email: 'bob@example.com' });
    assert.deepEqual([...(f.evidence.activeCredentials as string[])].sort(), ['7001', '8001']);
    assert.equal(f.remediation, 'gh api -X DELETE /orgs/acme/members/bob');
    assert.deepEqual(ids('leaver-active-access'), ['bob']);
  });

  it('leaver-owned-nhi: the deploy key added by the leaver', () => {
    const f = one(fs, 'leaver-owned-nhi', '9001');
    subjectIs(f, 'deploy-key', '9001', 'github', ORG);
    assert.deepEqual(f.owners.map((o) => o.method), ['github-added-by']);
    assert.deepEqual(ids('leaver-owned-nhi'), ['9001']);
  });

  it('orphaned-nhi: an unowned deploy key and App installation; not a disabled key nor a suspended App', () => {
    subjectIs(one(fs, 'orphaned-nhi', '556'), 'app-installation', '556', 'github', ORG);
    subjectIs(one(fs, 'orphaned-nhi', '9002'), 'deploy-key', '9002', 'github', ORG);
    assert.deepEqual(ids('orphaned-nhi'), ['556', '9002']);
  });

  it('stale-credential: a deploy key and a PAT unused for 100 days; not an expired PAT', () => {
    const pat = one(fs, 'stale-credential', '7005');
    subjectIs(pat, 'personal-access-token', '7005', 'github', ORG);
    assert.deepEqual(pat.person, { employeeId: 'E4', email: 'dev@example.com' });
    assert.equal(pat.remediation, 'gh api -X POST /orgs/acme/personal-access-tokens/75 -f action=revoke');
    const key = one(fs, 'stale-credential', '9005');
    assert.equal(key.remediation, 'gh api -X DELETE /repos/acme/api/keys/9005');
    assert.deepEqual(ids('stale-credential'), ['7005', '9005']);
  });

  it('never-used-credential: a deploy key and an authorization never used; secrets report no use', () => {
    subjectIs(one(fs, 'never-used-credential', '8004'), 'credential-authorization', '8004', 'github', ORG);
    assert.equal(one(fs, 'never-used-credential', '8004').remediation, 'gh api -X DELETE /orgs/acme/credential-authorizations/8004');
    subjectIs(one(fs, 'never-used-credential', '9004'), 'deploy-key', '9004', 'github', ORG);
    assert.deepEqual(ids('never-used-credential'), ['8004', '9004']);
  });

  it('long-lived-credential: old keys and secret, PAT and authorization without expiry; not a PAT with one, an SSH key, a rotated secret', () => {
    assert.deepEqual(ids('long-lived-credential'), ['7003', '8003', '9001', '9005', 'OLD_TOKEN']);
    const pat = one(fs, 'long-lived-credential', '7003');
    assert.equal(pat.evidence.noExpiry, true);
    assert.equal(pat.evidence.olderThanMaxAge, false);
    const secret = one(fs, 'long-lived-credential', 'OLD_TOKEN');
    subjectIs(secret, 'secret', 'OLD_TOKEN', 'github', ORG);
    assert.equal(secret.remediation, 'gh secret set OLD_TOKEN --org acme');
    // The deploy key's created_at is written with a -07:00 offset: the age is of the instant.
    assert.equal(one(fs, 'long-lived-credential', '9001').evidence.days, 400);
  });

  it('dormant-account: with an audit log, an old member silent for 120 days; not one added 30 days ago', () => {
    const f = one(fs, 'dormant-account', 'cara');
    subjectIs(f, 'user', 'cara', 'github', ORG);
    assert.deepEqual(ids('dormant-account'), ['cara']);
  });

  it('unlinked-account: a machine user and an outside collaborator with no SAML identity; not a declared bot, not a nameId differing in case', () => {
    assert.deepEqual(ids('unlinked-account'), ['ci-bot', 'ext-contractor']);
    assert.equal(one(fs, 'unlinked-account', 'ext-contractor').remediation, 'gh api -X DELETE /orgs/acme/outside_collaborators/ext-contractor');
  });

  it('privileged-without-mfa: a repository admin with 2FA off; not a maintain collaborator with 2FA off', () => {
    const f = one(fs, 'privileged-without-mfa', 'cara');
    assert.deepEqual(f.evidence.privilegeReasons, ['admin of repository api']);
    assert.equal(f.remediation, 'gh api -X PUT /repos/acme/api/collaborators/cara -f permission=push');
    assert.deepEqual(ids('privileged-without-mfa'), ['cara']);
  });

  it('mover-residual-access: the team as ORG/TEAM-SLUG, nested team members counted; not a mover inside the window', () => {
    const movers = ofRule(fs, 'mover-residual-access');
    assert.deepEqual(movers.map((f) => [f.subject.id, f.entitlement]), [['E5', 'acme/payments']]);
    assert.equal(movers[0]!.remediation, 'gh api -X DELETE /orgs/acme/teams/payments/memberships/mo');
  });

  it('retired-service-identity-active and nhi-reuse through the catalog ids', () => {
    assert.deepEqual(ids('retired-service-identity-active'), ['558', '9006']);
    assert.deepEqual(ids('nhi-reuse'), ['555']);
    none(fs, 'human-use-of-nhi');
  });
});

// Every rule GCP data feeds, through the whole scan of one estate: each true
// case fires with the subject docs/rules.md names, and each near miss beside
// it does not.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { none, one, ofRule, scan, subjectIs } from '../rules/scan-helpers.js';
import { AGENT, PROJECT, PROVIDER, gcpEstate, keyName, sa } from './estate.js';

let fs: StoredFinding[];
before(async () => {
  fs = await scan(gcpEstate());
});

describe('GCP accounts (user: members of bindings)', () => {
  it('leaver-active-access: one finding per project and member, its roles in the evidence', () => {
    const f = one(fs, 'leaver-active-access', 'user:leo@example.com');
    subjectIs(f, 'binding', 'user:leo@example.com', 'gcp', PROJECT);
    assert.deepEqual(f.person, { employeeId: 'E2', email: 'leo@example.com' });
    assert.deepEqual([...(f.evidence.roles as string[])].sort(), ['roles/editor', 'roles/viewer']);
    assert.equal(
      f.remediation,
      `gcloud projects remove-iam-policy-binding ${PROJECT} --member=user:leo@example.com --role=roles/editor --all && ` +
        `gcloud projects remove-iam-policy-binding ${PROJECT} --member=user:leo@example.com --role=roles/viewer --all`,
    );
    assert.equal(ofRule(fs, 'leaver-active-access').length, 1, 'kim left 2 h ago: inside the grace');
  });

  it('unlinked-account: a member no HR email names; group: and domain: members are no accounts', () => {
    const f = one(fs, 'unlinked-account', 'user:outsider@gmail.com');
    subjectIs(f, 'binding', 'user:outsider@gmail.com', 'gcp', PROJECT);
    assert.deepEqual(f.evidence.roles, ['roles/viewer']);
    assert.deepEqual(ofRule(fs, 'unlinked-account').map((f) => f.subject.id), ['user:outsider@gmail.com']);
  });

  it('mover-residual-access: the binding as PROJECT/ROLE, not inside the transition window', () => {
    const f = fs.filter((x) => x.ruleId === 'mover-residual-access');
    assert.deepEqual(f.map((x) => [x.subject.id, x.entitlement]), [['M1', `${PROJECT}/roles/cloudsql.client`]]);
    assert.equal(f[0]!.remediation, `gcloud projects remove-iam-policy-binding ${PROJECT} --member=user:omar@example.com --role=roles/cloudsql.client --all`);
  });
});

describe('GCP service accounts', () => {
  it('orphaned-nhi: the unowned active account; not the disabled one, not a service agent', () => {
    const f = one(fs, 'orphaned-nhi', sa('ci-deployer'));
    subjectIs(f, 'service-account', sa('ci-deployer'), 'gcp', PROJECT);
    // Its user-managed keys in the evidence; the SYSTEM_MANAGED one is no credential of the spec.
    assert.deepEqual([...(f.evidence.credentials as string[])].sort(), [keyName(sa('ci-deployer'), 'aaaa0001'), keyName(sa('ci-deployer'), 'aaaa0002')]);
    assert.deepEqual(ofRule(fs, 'orphaned-nhi').map((x) => x.subject.id), [sa('ci-deployer')]);
    none(fs, 'orphaned-nhi', AGENT);
  });

  it('leaver-owned-nhi: owned (description email) only by a leaver', () => {
    const f = one(fs, 'leaver-owned-nhi', sa('ml-batch'));
    assert.deepEqual(f.owners, [{ kind: 'person', id: 'leo@example.com', method: 'gcp-description' }]);
    assert.equal(f.remediation, `gcloud iam service-accounts update ${sa('ml-batch')} --project=${PROJECT} --description='owner: OWNER_EMAIL'`);
    assert.equal(ofRule(fs, 'leaver-owned-nhi').length, 1);
  });

  it('retired-service-identity-active and nhi-reuse through the catalog annotation', () => {
    const r = one(fs, 'retired-service-identity-active', sa('legacy-billing'));
    assert.equal(r.remediation, `gcloud iam service-accounts disable ${sa('legacy-billing')} --project=${PROJECT}`);
    one(fs, 'nhi-reuse', sa('ledger-reader'));
    assert.equal(ofRule(fs, 'nhi-reuse').length, 1);
  });
});

describe('GCP service account keys', () => {
  const k = (email: string, id: string) => keyName(sa(email), id);

  it('stale-credential at 91 days (high: the account holds roles/editor), not at 89', () => {
    const f = one(fs, 'stale-credential', k('ci-deployer', 'aaaa0001'));
    subjectIs(f, 'service-account-key', k('ci-deployer', 'aaaa0001'), 'gcp', PROJECT);
    assert.equal(f.severity, 'high');
    assert.equal(f.remediation, `gcloud iam service-accounts keys disable aaaa0001 --iam-account=${sa('ci-deployer')} --project=${PROJECT}`);
    assert.deepEqual(ofRule(fs, 'stale-credential').map((x) => x.subject.id), [k('ci-deployer', 'aaaa0001')]);
  });

  it('never-used-credential at 45 days; not at 20, not expired, not disabled, not SYSTEM_MANAGED', () => {
    assert.deepEqual(ofRule(fs, 'never-used-credential').map((x) => x.subject.id), [k('etl-loader', 'bbbb0001')]);
  });

  it('long-lived-credential: 100 days old, and valid until year 9999; not a 10-day key that expires', () => {
    const got = Object.fromEntries(ofRule(fs, 'long-lived-credential').map((f) => [f.subject.id, f.evidence]));
    assert.deepEqual(Object.keys(got).sort(), [k('report-export', 'cccc0001'), k('report-export', 'cccc0002')]);
    assert.equal(got[k('report-export', 'cccc0001')]!.olderThanMaxAge, true);
    assert.equal(got[k('report-export', 'cccc0002')]!.noExpiry, true);
    assert.equal(got[k('report-export', 'cccc0002')]!.olderThanMaxAge, false);
  });
});

describe('GCP workload identity providers', () => {
  it('broad-workload-trust: no condition, or one with || or without a repository equality; not pinned, not disabled, not another issuer', () => {
    const got = ofRule(fs, 'broad-workload-trust').map((f) => f.subject.id).sort();
    assert.deepEqual(got, [PROVIDER('either'), PROVIDER('open'), PROVIDER('owner-only')].sort());
    const f = one(fs, 'broad-workload-trust', PROVIDER('open'));
    subjectIs(f, 'workload-identity-provider', PROVIDER('open'), 'gcp', PROJECT);
    assert.equal(
      f.remediation,
      `gcloud iam workload-identity-pools providers update-oidc open --project=123456789012 --location=global --workload-identity-pool=github --attribute-condition='assertion.repository == '\\''OWNER/REPO'\\'''`,
    );
  });
});

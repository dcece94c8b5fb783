// GitHub remediations and timestamps: every provider value stays one literal
// shell word (URL-encoded in the path, quoted for the shell), other sources'
// subjects get nothing from GitHub, and timestamps parse strictly as instants.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { githubRemediations } from '../../connectors/github/remediation.js';
import { epochMillisToInstant, toInstant } from '../../src/util/time.js';

const isoInstant = (v: string) => {
  try {
    return toInstant(v, { time: true, zone: true });
  } catch {
    return null;
  }
};
const epochMillisInstant = (v: number) => {
  try {
    return epochMillisToInstant(v);
  } catch {
    return null;
  }
};
import type { RemediationInput } from '../../src/sources/connector.js';

const input = (type: string, id: string, extra: Partial<RemediationInput> = {}): RemediationInput => ({
  ruleId: 'r',
  action: 'x',
  subject: { source: 'github', container: "ac'me", type, id, name: id },
  props: {},
  evidence: {},
  entitlement: null,
  ...extra,
});

/** What the shell would pass to `gh` as arguments. */
const argv = (command: string) =>
  JSON.parse(execFileSync('sh', ['-c', command.replace(/^gh /, 'node -e "console.log(JSON.stringify(process.argv.slice(1)))" -- ')], { encoding: 'utf8' }));

describe('GitHub remediations', () => {
  it('keep a hostile secret name and org one literal argument each', () => {
    const cmd = githubRemediations['deactivate-credential']!(input('secret', '$(touch /tmp/pwned);X'))!;
    assert.deepEqual(argv(cmd), ['api', '-X', 'DELETE', "/orgs/ac'me/actions/secrets/%24(touch%20%2Ftmp%2Fpwned)%3BX"]);
    const rotate = githubRemediations['rotate-credential']!(input('secret', "a'b; rm -rf ~"))!;
    assert.deepEqual(argv(rotate), ['secret', 'set', "a'b; rm -rf ~", '--org', "ac'me"]);
  });

  it('a login with a path in it cannot leave its segment', () => {
    const cmd = githubRemediations['disable-account']!(input('user', '../../repos/x'))!;
    assert.equal(argv(cmd)[3], "/orgs/ac'me/members/..%2F..%2Frepos%2Fx");
  });

  it('mover: a GitHub team only, one removal per login', () => {
    const mover = (entitlementSource: string) =>
      githubRemediations['remove-entitlement']!({
        ...input('person', 'E1'),
        subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null },
        entitlement: 'acme/pay-team',
        evidence: { entitlementSource, viaAccounts: ['mo', 'mo2'] },
      });
    assert.equal(mover('github'), 'gh api -X DELETE /orgs/acme/teams/pay-team/memberships/mo && gh api -X DELETE /orgs/acme/teams/pay-team/memberships/mo2');
    assert.equal(mover('aws'), null);
  });

  it('answers nothing for another source\'s subject', () => {
    assert.equal(githubRemediations['disable-account']!({ ...input('user', 'ana'), subject: { source: 'aws', container: '1', type: 'user', id: 'arn', name: 'ana' } }), null);
  });
});

describe('GitHub timestamps (the one parser, src/util/time.ts, with GitHub\'s rules)', () => {
  it('offsets and fractions are the same instant; a day that does not exist is refused', () => {
    assert.equal(isoInstant('2026-05-01T10:11:12.000-07:00'), '2026-05-01T17:11:12.000Z');
    assert.equal(isoInstant('2026-05-01T17:11:12Z'), '2026-05-01T17:11:12.000Z');
    assert.equal(isoInstant('2026-05-01T19:11:12+0200'), '2026-05-01T17:11:12.000Z');
    assert.equal(isoInstant('2026-02-30T10:00:00Z'), null);
    assert.equal(isoInstant('2026-05-01'), null);
    assert.equal(isoInstant('yesterday'), null);
  });

  it('the audit log\'s epoch milliseconds; seconds are refused', () => {
    assert.equal(epochMillisInstant(1_780_000_000_000), new Date(1_780_000_000_000).toISOString());
    assert.equal(epochMillisInstant(1_780_000_000), null);
  });
});

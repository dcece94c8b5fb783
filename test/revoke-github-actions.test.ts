// The GitHub revocation actions through the real @octokit/rest (throttling
// and retry plugins) against the local GitHub server, whose write routes are
// held to GitHub's OpenAPI description: each action's re-check, call and
// undo; 404 (already gone); a 5xx that outlasts the retries fails the call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubRevocations } from '../connectors/github/actions.js';
import { ActionCallError, type RemediationInput } from '../src/sources/connector.js';
import { startGithubServer } from './servers/github-server.js';

const input = (over: Partial<RemediationInput>): RemediationInput => ({
  ruleId: 'r',
  action: 'disable-account',
  subject: { source: 'github', container: 'acme', type: 'user', id: 'leo', name: 'leo' },
  props: { membership: 'member' },
  evidence: {},
  entitlement: null,
  ...over,
});
const kind = (k: string) => githubRevocations.find((a) => a.kind === k)!;

test('GitHub actions: plan, re-check, execute and undo against the REST API', async () => {
  const server = await startGithubServer([
    {
      name: 'acme',
      users: [{ login: 'leo' }, { login: 'mia' }, { login: 'oscar', outside: true }],
      teams: [{ slug: 'payments', members: ['leo', 'mia'] }],
      repos: [{ name: 'api', deployKeys: [{ id: 501, created: '2024-01-01T00:00:00Z' }] }],
      authorizations: [{ credentialId: 9001, login: 'leo', authorized: '2024-01-01T00:00:00Z' }],
    },
  ]);
  const ctx = { config: { baseUrl: server.url }, env: { GITHUB_TOKEN: 'ghp_test_token_never_logged' } };
  try {
    // Team membership: reversible.
    const team = kind('github.remove-team-membership');
    const [tp] = team.plan(input({ action: 'remove-entitlement', subject: { source: 'hr', container: null, type: 'person', id: 'E1', name: null }, entitlement: 'acme/payments', evidence: { entitlementSource: 'github', viaAccounts: ['leo'] } }));
    assert.equal((await team.check(tp!.params, ctx)).stillThere, true);
    await team.execute(tp!.params, ctx);
    assert.equal((await team.check(tp!.params, ctx)).stillThere, false);
    await assert.rejects(team.execute(tp!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.gone);
    await team.undo!(tp!.params, ctx);
    assert.equal((await team.check(tp!.params, ctx)).stillThere, true);

    // SAML credential authorization and deploy key: not reversible.
    const saml = kind('github.revoke-credential-authorization');
    const [sp] = saml.plan(input({ action: 'deactivate-credential', subject: { source: 'github', container: 'acme', type: 'credential-authorization', id: '9001', name: null } }));
    assert.equal(sp!.reversible, false);
    assert.equal((await saml.check(sp!.params, ctx)).stillThere, true);
    await saml.execute(sp!.params, ctx);
    assert.equal((await saml.check(sp!.params, ctx)).stillThere, false);

    const key = kind('github.delete-deploy-key');
    const [kp] = key.plan(input({ action: 'deactivate-credential', subject: { source: 'github', container: 'acme', type: 'deploy-key', id: '501', name: null }, props: { repository: 'api' } }));
    assert.equal((await key.check(kp!.params, ctx)).stillThere, true);
    await key.execute(kp!.params, ctx);
    assert.equal((await key.check(kp!.params, ctx)).detail, 'the deploy key no longer exists');

    // Org member and outside collaborator.
    const org = kind('github.remove-from-org');
    const [mp] = org.plan(input({}));
    const [op] = org.plan(input({ subject: { source: 'github', container: 'acme', type: 'user', id: 'oscar', name: 'oscar' }, props: { membership: 'outside collaborator' } }));
    assert.equal(op!.calls[0]!.api, 'GitHub DELETE /orgs/{org}/outside_collaborators/{username}');
    // A 502 twice is retried by the retry plugin; the call then succeeds.
    server.faults.push({ match: /^DELETE \/orgs\/acme\/members\/leo/, status: 502, times: 2 });
    assert.equal((await org.check(mp!.params, ctx)).stillThere, true);
    await org.execute(mp!.params, ctx);
    assert.equal((await org.check(mp!.params, ctx)).stillThere, false);
    assert.equal((await org.check(op!.params, ctx)).stillThere, true);
    // A 500 that outlasts the retries fails the action, naming the call.
    server.faults.push({ match: /^DELETE \/orgs\/acme\/outside_collaborators\/oscar/, status: 500, times: Infinity });
    await assert.rejects(org.execute(op!.params, ctx), (e: unknown) => e instanceof ActionCallError && e.call === 'GitHub DELETE /orgs/{org}/outside_collaborators/{username}' && e.status === 500);

    assert.deepEqual(server.writes, [
      'DELETE acme team payments leo',
      'PUT acme team payments leo member',
      'DELETE acme credential-authorization 9001',
      'DELETE acme api deploy-key 501',
      'DELETE acme members leo',
    ]);
    assert.deepEqual(server.schemaErrors, []);
  } finally {
    await server.close();
  }
});

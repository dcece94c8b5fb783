// What driftgraph can revoke in GitHub, least destructive first: a team
// membership (undo: add it back), a SAML credential authorization, a deploy
// key, and last the org membership or outside collaboration itself (none of
// those three can be undone by driftgraph: a person re-authorizes, a key is
// re-added, a member re-invited). Calls go through Octokit with the
// throttling and retry plugins, as collection does, to `github.baseUrl`.
import type { PlannedRevocation, ProviderCall, RemediationInput, RevocationAction, ActionContext } from '../../src/sources/connector.js';
import { ActionCallError } from '../../src/sources/connector.js';
import type { GithubConfig } from './config.js';
import type { GithubClient } from './collect-client.js';

type Ctx = ActionContext<GithubConfig>;

async function client(org: string, ctx: Ctx, call: string): Promise<GithubClient> {
  try {
    // Octokit is loaded on the first call: planning and scans never need it.
    const { clientFor } = await import('./collect-client.js');
    return await clientFor(org, { config: ctx.config ?? {}, env: ctx.env, warn: () => {} });
  } catch (e) {
    throw new ActionCallError(call, undefined, (e as Error).message);
  }
}

/** One request; 404 is returned as `null` (gone), any other failure is an ActionCallError naming the call. */
async function gh<T>(call: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await send();
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404) return null;
    const message = (e as { response?: { data?: { message?: unknown } } }).response?.data?.message;
    throw new ActionCallError(call, status, typeof message === 'string' ? message.slice(0, 200) : 'request failed');
  }
}

const own = (i: RemediationInput) => i.subject.source === 'github';
const org = (i: RemediationInput) => i.subject.container ?? '';

function plan(kind: string, summary: string, container: string, call: ProviderCall, params: Record<string, string>, undo?: string): PlannedRevocation {
  return { kind, summary, container, calls: [call], reversible: undo !== undefined, ...(undo ? { undo } : {}), params };
}

const TEAM = 'GitHub DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}';
const removeTeamMembership: RevocationAction<GithubConfig> = {
  kind: 'github.remove-team-membership',
  subjectTypes: ['person'],
  reversible: true,
  plan(i) {
    if (i.action !== 'remove-entitlement' || i.evidence.entitlementSource !== 'github' || !i.entitlement) return [];
    const slash = i.entitlement.indexOf('/');
    if (slash < 1) return [];
    const o = i.entitlement.slice(0, slash);
    const team = i.entitlement.slice(slash + 1);
    const logins = Array.isArray(i.evidence.viaAccounts) ? i.evidence.viaAccounts.map(String) : [];
    return logins.map((login) =>
      plan('github.remove-team-membership', `remove ${login} from team ${team} in GitHub org ${o}`, o, { api: TEAM, target: { org: o, team_slug: team, username: login } }, { org: o, team, login }, 'GitHub PUT /orgs/{org}/teams/{team_slug}/memberships/{username} role=member'),
    );
  },
  async check(p, ctx) {
    const c = await client(p.org!, ctx, TEAM);
    const r = await gh('GitHub GET /orgs/{org}/teams/{team_slug}/memberships/{username}', () => c.rest.teams.getMembershipForUserInOrg({ org: p.org!, team_slug: p.team!, username: p.login! }));
    if (!r) return { stillThere: false, state: { member: false }, detail: 'no longer on the team' };
    return { stillThere: true, state: { member: true, role: r.data.role, state: r.data.state }, detail: 'on the team' };
  },
  async execute(p, ctx) {
    const c = await client(p.org!, ctx, TEAM);
    const r = await gh(TEAM, () => c.rest.teams.removeMembershipForUserInOrg({ org: p.org!, team_slug: p.team!, username: p.login! }));
    if (!r) throw new ActionCallError(TEAM, 404, 'not on the team any more', true);
  },
  async undo(p, ctx) {
    const call = 'GitHub PUT /orgs/{org}/teams/{team_slug}/memberships/{username}';
    const c = await client(p.org!, ctx, call);
    const r = await gh(call, () => c.rest.teams.addOrUpdateMembershipForUserInOrg({ org: p.org!, team_slug: p.team!, username: p.login!, role: 'member' }));
    if (!r) throw new ActionCallError(call, 404, 'the team or the user no longer exists');
    return [{ api: call, target: { org: p.org!, team_slug: p.team!, username: p.login!, role: 'member' } }];
  },
};

const SAML = 'GitHub DELETE /orgs/{org}/credential-authorizations/{credential_id}';
const revokeCredentialAuthorization: RevocationAction<GithubConfig> = {
  kind: 'github.revoke-credential-authorization',
  subjectTypes: ['credential-authorization'],
  reversible: false,
  plan(i) {
    if (!own(i) || i.subject.type !== 'credential-authorization' || !['deactivate-credential', 'decommission-identity', 'disable-account', 'rotate-credential'].includes(i.action)) return [];
    return [plan('github.revoke-credential-authorization', `revoke the SAML authorization of credential ${i.subject.id} in GitHub org ${org(i)}`, org(i), { api: SAML, target: { org: org(i), credential_id: i.subject.id } }, { org: org(i), credentialId: i.subject.id })];
  },
  async check(p, ctx) {
    const c = await client(p.org!, ctx, SAML);
    const list = await gh('GitHub GET /orgs/{org}/credential-authorizations', () => c.paginate('GET /orgs/{org}/credential-authorizations', { org: p.org!, per_page: 100 }) as Promise<{ credential_id: number }[]>);
    const there = (list ?? []).some((a) => String(a.credential_id) === p.credentialId);
    return { stillThere: there, state: { authorized: there }, detail: there ? 'authorized' : 'the authorization is already gone' };
  },
  async execute(p, ctx) {
    const c = await client(p.org!, ctx, SAML);
    const r = await gh(SAML, () => c.request('DELETE /orgs/{org}/credential-authorizations/{credential_id}', { org: p.org!, credential_id: Number(p.credentialId) }));
    if (!r) throw new ActionCallError(SAML, 404, 'the authorization is already gone', true);
  },
};

const KEY = 'GitHub DELETE /repos/{owner}/{repo}/keys/{key_id}';
const deleteDeployKey: RevocationAction<GithubConfig> = {
  kind: 'github.delete-deploy-key',
  subjectTypes: ['deploy-key'],
  reversible: false,
  plan(i) {
    if (!own(i) || i.subject.type !== 'deploy-key' || typeof i.props.repository !== 'string') return [];
    if (!['deactivate-credential', 'decommission-identity', 'rotate-credential'].includes(i.action)) return [];
    const repo = i.props.repository;
    return [plan('github.delete-deploy-key', `delete deploy key ${i.subject.id} of repository ${org(i)}/${repo}`, org(i), { api: KEY, target: { owner: org(i), repo, key_id: i.subject.id } }, { org: org(i), repo, keyId: i.subject.id })];
  },
  async check(p, ctx) {
    const c = await client(p.org!, ctx, KEY);
    const r = await gh('GitHub GET /repos/{owner}/{repo}/keys/{key_id}', () => c.rest.repos.getDeployKey({ owner: p.org!, repo: p.repo!, key_id: Number(p.keyId) }));
    if (!r) return { stillThere: false, state: { exists: false }, detail: 'the deploy key no longer exists' };
    return { stillThere: true, state: { exists: true, read_only: r.data.read_only, title: r.data.title }, detail: 'present' };
  },
  async execute(p, ctx) {
    const c = await client(p.org!, ctx, KEY);
    const r = await gh(KEY, () => c.rest.repos.deleteDeployKey({ owner: p.org!, repo: p.repo!, key_id: Number(p.keyId) }));
    if (!r) throw new ActionCallError(KEY, 404, 'the deploy key no longer exists', true);
  },
};

const MEMBER = 'GitHub DELETE /orgs/{org}/members/{username}';
const OUTSIDE = 'GitHub DELETE /orgs/{org}/outside_collaborators/{username}';
const removeFromOrg: RevocationAction<GithubConfig> = {
  kind: 'github.remove-from-org',
  subjectTypes: ['user'],
  reversible: false,
  plan(i) {
    if (!own(i) || i.subject.type !== 'user' || !['disable-account', 'link-or-remove-account'].includes(i.action)) return [];
    const outside = i.props.membership === 'outside collaborator';
    const api = outside ? OUTSIDE : MEMBER;
    const what = outside ? 'outside collaborator' : 'member';
    return [plan('github.remove-from-org', `remove ${what} ${i.subject.id} from GitHub org ${org(i)}`, org(i), { api, target: { org: org(i), username: i.subject.id } }, { org: org(i), login: i.subject.id, membership: outside ? 'outside' : 'member' })];
  },
  async check(p, ctx) {
    const c = await client(p.org!, ctx, MEMBER);
    if (p.membership === 'outside') {
      const list = await gh('GitHub GET /orgs/{org}/outside_collaborators', () => c.paginate(c.rest.orgs.listOutsideCollaborators, { org: p.org!, per_page: 100 }));
      const there = (list ?? []).some((u) => u.login.toLowerCase() === p.login!.toLowerCase());
      return { stillThere: there, state: { outsideCollaborator: there }, detail: there ? 'outside collaborator' : 'no longer an outside collaborator' };
    }
    const r = await gh('GitHub GET /orgs/{org}/members/{username}', () => c.rest.orgs.checkMembershipForUser({ org: p.org!, username: p.login! }));
    const member = r !== null && (r.status as number) === 204;
    return { stillThere: member, state: { member }, detail: member ? 'member' : 'no longer a member' };
  },
  async execute(p, ctx) {
    const outside = p.membership === 'outside';
    const call = outside ? OUTSIDE : MEMBER;
    const c = await client(p.org!, ctx, call);
    const r = await gh(call, () => (outside ? c.rest.orgs.removeOutsideCollaborator({ org: p.org!, username: p.login! }) : c.rest.orgs.removeMember({ org: p.org!, username: p.login! })));
    if (!r) throw new ActionCallError(call, 404, 'no longer in the org', true);
  },
};

export const githubRevocations: RevocationAction<GithubConfig>[] = [removeTeamMembership, revokeCredentialAuthorization, deleteDeployKey, removeFromOrg];

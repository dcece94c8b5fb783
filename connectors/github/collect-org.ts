// One org, live: every endpoint of docs/snapshot-format.md's `github/<org>/`, all
// pages, into files in `dir`. An endpoint the plan, the App or the token's
// role does not offer (403, 404, 422) is skipped with a warning that says
// why, and its file is not written (absent = unknown, never "empty"). Any
// other failure (a 5xx after the retries) throws: the org fails alone.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { SourceError } from '../../src/util/errors.js';
import type { GithubClient } from './collect-client.js';
import { FILES } from './files.js';
import { append } from '../../src/util/arrays.js';

type Row = Record<string, unknown>;

const EXTERNAL_IDENTITIES = `query($org: String!, $cursor: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { samlIdentity { nameId emails { value primary type } } user { login } }
      }
    }
  }
}`;

export interface OrgCollectOptions {
  concurrency: number;
  /** Collect the audit log this many days back (GitHub Enterprise Cloud). */
  auditLogDays?: number;
  now: string;
  warn: (message: string) => void;
}

/** Why an endpoint may be missing: said in the warning, so an operator knows what to change. */
const GATED: Record<string, string> = {
  [FILES.twoFactorDisabled]: 'the 2FA filter needs an org owner token',
  [FILES.tokens]: 'listing fine-grained tokens needs a GitHub App installation with "Personal access token requests" read',
  [FILES.authorizations]: 'credential authorizations exist only for orgs with SAML single sign-on (GitHub Enterprise Cloud)',
  [FILES.installations]: 'listing installations needs org admin rights ("Administration" read for an App)',
  [FILES.secrets]: 'listing org secrets needs "Secrets" read (App) or admin:org (token)',
  [FILES.auditLog]: 'the audit log API needs GitHub Enterprise Cloud and read:audit_log',
};

function isGated(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return status === 403 || status === 404 || status === 422;
}

function failure(e: unknown, call: string): SourceError {
  const status = (e as { status?: number }).status;
  // The response body may echo request data: name the call and status only.
  return new SourceError('github', 'request failed after retries', { api: call, status: status ?? 'no response' }, { cause: e });
}

export async function collectOrg(client: GithubClient, org: string, dir: string, o: OrgCollectOptions): Promise<void> {
  const limit = pLimit(o.concurrency);
  const write = async (name: string, value: unknown) => {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), JSON.stringify(value, null, 1) + '\n');
  };

  /** All pages of a GET; null when the endpoint is plan-gated (with a warning). */
  async function list(route: string, params: Row, name: string, gateReason?: string): Promise<Row[] | null> {
    try {
      return (await client.paginate(route as never, { ...params, per_page: 100 } as never)) as Row[];
    } catch (e) {
      if (isGated(e) && gateReason !== undefined) {
        o.warn(`github/${org}/${name} skipped: ${route} answered ${(e as { status: number }).status} (${gateReason})`);
        return null;
      }
      throw failure(e, `${route} (${name})`);
    }
  }

  // GraphQL runs beside the REST calls: the throttling plugin spaces GraphQL
  // requests a second apart (GitHub's advice), which would otherwise add up.
  const identitiesPending = externalIdentities(client, org, o);
  identitiesPending.catch(() => {}); // awaited below; not an unhandled rejection meanwhile

  const members = await list('GET /orgs/{org}/members', { org }, FILES.members);
  await write(FILES.members, members);
  const admins = await list('GET /orgs/{org}/members', { org, role: 'admin' }, FILES.admins);
  await write(FILES.admins, admins);
  const noTwoFactor = await list('GET /orgs/{org}/members', { org, filter: '2fa_disabled' }, FILES.twoFactorDisabled, GATED[FILES.twoFactorDisabled]);
  if (noTwoFactor) await write(FILES.twoFactorDisabled, noTwoFactor);
  const outside = await list('GET /orgs/{org}/outside_collaborators', { org }, FILES.outsideCollaborators);
  await write(FILES.outsideCollaborators, outside);

  const teams = (await list('GET /orgs/{org}/teams', { org }, FILES.teams))!;
  await write(FILES.teams, teams);
  await Promise.all(
    teams.map((t) =>
      limit(async () => {
        const slug = String(t.slug);
        const name = `${FILES.teamMembersDir}/${slug}.json`;
        await write(name, await list('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: slug }, name));
      }),
    ),
  );

  const repos = (await list('GET /orgs/{org}/repos', { org, type: 'all' }, FILES.repos))!;
  await write(FILES.repos, repos);
  await Promise.all(
    repos.map((r) =>
      limit(async () => {
        const repo = String(r.name);
        const collaborators = `${FILES.repoCollaboratorsDir}/${repo}.json`;
        const c = await list('GET /repos/{owner}/{repo}/collaborators', { owner: org, repo, affiliation: 'direct' }, collaborators, 'listing collaborators needs push access to the repository');
        if (c) await write(collaborators, c);
        const keys = `${FILES.deployKeysDir}/${repo}.json`;
        const k = await list('GET /repos/{owner}/{repo}/keys', { owner: org, repo }, keys, 'listing deploy keys needs admin on the repository ("Administration" read for an App)');
        if (k) await write(keys, k.map(({ key: _publicKey, ...rest }) => rest));
      }),
    ),
  );

  const installations = await list('GET /orgs/{org}/installations', { org }, FILES.installations, GATED[FILES.installations]);
  if (installations) await write(FILES.installations, { total_count: installations.length, installations });
  const tokens = await list('GET /orgs/{org}/personal-access-tokens', { org }, FILES.tokens, GATED[FILES.tokens]);
  if (tokens) await write(FILES.tokens, tokens);
  const authorizations = await list('GET /orgs/{org}/credential-authorizations', { org }, FILES.authorizations, GATED[FILES.authorizations]);
  // `token_last_eight` was already dropped from the answers (collect-client.ts).
  if (authorizations) await write(FILES.authorizations, authorizations);
  const secrets = await list('GET /orgs/{org}/actions/secrets', { org }, FILES.secrets, GATED[FILES.secrets]);
  if (secrets) await write(FILES.secrets, { total_count: secrets.length, secrets });

  const identities = await identitiesPending;
  if (identities) await write(FILES.externalIdentities, identities);

  if (o.auditLogDays) {
    const since = new Date(Date.parse(o.now) - o.auditLogDays * 86_400_000).toISOString().slice(0, 10);
    const log = await list('GET /orgs/{org}/audit-log', { org, phrase: `created:>=${since}`, include: 'all' }, FILES.auditLog, GATED[FILES.auditLog]);
    if (log) await write(FILES.auditLog, log);
  }
}

/** GraphQL `samlIdentityProvider.externalIdentities`, all pages; null when the org has no SAML. */
async function externalIdentities(client: GithubClient, org: string, o: OrgCollectOptions): Promise<Row[] | null> {
  const nodes: Row[] = [];
  let cursor: string | null = null;
  for (;;) {
    let result: { organization: { samlIdentityProvider: { externalIdentities: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Row[] } } | null } | null };
    try {
      result = await client.graphql(EXTERNAL_IDENTITIES, { org, cursor });
    } catch (e) {
      if (isGated(e)) {
        o.warn(`github/${org}/${FILES.externalIdentities} skipped: GraphQL answered ${(e as { status: number }).status} (SAML identities need an org owner or "Members" read)`);
        return null;
      }
      throw failure(e, 'GraphQL organization.samlIdentityProvider.externalIdentities');
    }
    const provider = result.organization?.samlIdentityProvider;
    if (!provider) {
      o.warn(`github/${org}/${FILES.externalIdentities} not written: the org has no SAML identity provider (logins link to people only by manual links)`);
      return null;
    }
    append(nodes, provider.externalIdentities.nodes);
    if (!provider.externalIdentities.pageInfo.hasNextPage) return nodes;
    cursor = provider.externalIdentities.pageInfo.endCursor;
  }
}

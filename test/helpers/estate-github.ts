// The GitHub part of a test estate: one org's REST responses in the files of
// docs/snapshot-format.md `github/<org>/`, every object shaped as GitHub returns it
// (test/github/github-snapshot.test.ts holds them to GitHub's OpenAPI
// description), timestamps with offsets as GitHub writes them.

export interface GhUser {
  login: string;
  /** Org admin (admins.json). */
  admin?: boolean;
  /** Listed in members-2fa-disabled.json. */
  twoFactorOff?: boolean;
  /** Outside collaborator instead of member. */
  outside?: boolean;
  /** SAML identity; absent: none. */
  saml?: { nameId: string | null; emails?: (string | { value: string; primary?: boolean; type?: string })[] };
}

export interface GhTeam {
  slug: string;
  name?: string;
  parent?: string;
  members: string[];
}

export interface GhDeployKey {
  id: number;
  title?: string;
  created: string;
  addedBy?: string | null;
  /** Absent: never used (null in the payload). */
  lastUsed?: string | null;
  enabled?: boolean;
  readOnly?: boolean;
}

export interface GhRepo {
  name: string;
  collaborators?: { login: string; role: 'admin' | 'maintain' | 'write' | 'triage' | 'read' }[];
  deployKeys?: GhDeployKey[];
}

export interface GhToken {
  grantId: number;
  tokenId: number;
  owner: string;
  name?: string;
  granted: string;
  expired?: boolean;
  expiresAt?: string | null;
  lastUsed?: string | null;
}

export interface GhAuthorization {
  credentialId: number;
  login: string;
  type?: 'personal access token' | 'SSH key';
  authorized: string;
  accessed?: string | null;
  expires?: string | null;
}

export interface GithubOrg {
  name: string;
  users: GhUser[];
  teams?: GhTeam[];
  repos?: GhRepo[];
  installations?: { id: number; slug: string; created: string; suspended?: string }[];
  tokens?: GhToken[];
  authorizations?: GhAuthorization[];
  secrets?: { name: string; created: string; updated: string }[];
  /** Entries of audit-log.json; absent: no audit log file. */
  auditLog?: { at: string; action: string; actor: string; user?: string }[];
  /** Write members-2fa-disabled.json (default true). */
  twoFactorFile?: boolean;
  /** Write the wrapped files as an array of one-item pages instead of one object. */
  pagedWrappers?: boolean;
}

/** A stable numeric id per login, so every build of an org gives the same payloads. */
function idOf(login: string): number {
  let h = 7;
  for (const c of login) h = (h * 31 + c.charCodeAt(0)) % 90_000_000;
  return 1000 + h;
}

/** `2026-05-01T10:11:12Z` -> the same instant as GitHub may write it: `2026-05-01T03:11:12.000-07:00`. */
export function pacific(iso: string): string {
  const d = new Date(Date.parse(iso) - 7 * 3_600_000).toISOString();
  return d.replace('Z', '-07:00');
}

export function simpleUser(login: string, id = idOf(login)): Record<string, unknown> {
  const url = `https://api.github.com/users/${login}`;
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

function team(org: string, t: GhTeam, all: GhTeam[]): Record<string, unknown> {
  const base = (slug: string, name: string) => ({
    id: 100 + all.findIndex((x) => x.slug === slug),
    node_id: `T_${slug}`,
    url: `https://api.github.com/orgs/${org}/teams/${slug}`,
    html_url: `https://github.com/orgs/${org}/teams/${slug}`,
    name,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `https://api.github.com/orgs/${org}/teams/${slug}/members{/member}`,
    repositories_url: `https://api.github.com/orgs/${org}/teams/${slug}/repos`,
    type: 'organization',
  });
  const parent = t.parent ? all.find((x) => x.slug === t.parent) : undefined;
  return { ...base(t.slug, t.name ?? t.slug), parent: parent ? base(parent.slug, parent.name ?? parent.slug) : null };
}

function repo(org: string, r: GhRepo, owner: Record<string, unknown>, id: number): Record<string, unknown> {
  const api = `https://api.github.com/repos/${org}/${r.name}`;
  const urls = Object.fromEntries(
    ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks', 'issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees'].map((k) => [`${k}_url`, `${api}/${k}`]),
  );
  return { id, node_id: `R_${id}`, name: r.name, full_name: `${org}/${r.name}`, owner, private: true, html_url: `https://github.com/${org}/${r.name}`, description: null, fork: false, url: api, ...urls, archived: false };
}

const ROLE_PERMISSIONS: Record<string, Record<string, boolean>> = {
  admin: { admin: true, maintain: true, push: true, triage: true, pull: true },
  maintain: { admin: false, maintain: true, push: true, triage: true, pull: true },
  write: { admin: false, maintain: false, push: true, triage: true, pull: true },
  triage: { admin: false, maintain: false, push: false, triage: true, pull: true },
  read: { admin: false, maintain: false, push: false, triage: false, pull: true },
};

/** Every file of one org: snapshot-relative path -> content. */
export function githubFiles(o: GithubOrg): Record<string, string> {
  const dir = `github/${o.name}`;
  const files: Record<string, string> = {};
  const put = (name: string, v: unknown) => (files[`${dir}/${name}`] = JSON.stringify(v, null, 2));
  const su = (login: string) => simpleUser(login);
  const orgOwner = { ...simpleUser(o.name), type: 'Organization' };

  put('members.json', o.users.filter((u) => !u.outside).map((u) => su(u.login)));
  put('admins.json', o.users.filter((u) => u.admin).map((u) => su(u.login)));
  if (o.twoFactorFile !== false) put('members-2fa-disabled.json', o.users.filter((u) => u.twoFactorOff && !u.outside).map((u) => su(u.login)));
  put('outside-collaborators.json', o.users.filter((u) => u.outside).map((u) => su(u.login)));
  const teams = o.teams ?? [];
  put('teams.json', teams.map((t) => team(o.name, t, teams)));
  for (const t of teams) put(`team-members/${t.slug}.json`, t.members.map(su));
  const repos = o.repos ?? [];
  put('repos.json', repos.map((r, i) => repo(o.name, r, orgOwner, 5000 + i)));
  for (const r of repos) {
    put(
      `repo-collaborators/${r.name}.json`,
      (r.collaborators ?? []).map((c) => ({ ...su(c.login), permissions: ROLE_PERMISSIONS[c.role], role_name: c.role })),
    );
    put(
      `deploy-keys/${r.name}.json`,
      (r.deployKeys ?? []).map((k) => ({
        id: k.id,
        key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeTestKeyOnly',
        url: `https://api.github.com/repos/${o.name}/${r.name}/keys/${k.id}`,
        title: k.title ?? `key-${k.id}`,
        verified: true,
        created_at: pacific(k.created),
        read_only: k.readOnly ?? true,
        added_by: k.addedBy ?? null,
        last_used: k.lastUsed ? pacific(k.lastUsed) : null,
        enabled: k.enabled ?? true,
      })),
    );
  }
  const wrap = (key: string, list: unknown[]) =>
    o.pagedWrappers ? list.map((x) => ({ total_count: list.length, [key]: [x] })) : { total_count: list.length, [key]: list };
  put(
    'installations.json',
    wrap(
      'installations',
      (o.installations ?? []).map((i) => ({
        id: i.id,
        account: orgOwner,
        repository_selection: 'all',
        access_tokens_url: `https://api.github.com/app/installations/${i.id}/access_tokens`,
        repositories_url: 'https://api.github.com/installation/repositories',
        html_url: `https://github.com/organizations/${o.name}/settings/installations/${i.id}`,
        app_id: i.id + 1,
        app_slug: i.slug,
        target_id: 1,
        target_type: 'Organization',
        permissions: { contents: 'read', metadata: 'read' },
        events: [],
        created_at: pacific(i.created),
        updated_at: pacific(i.created),
        single_file_name: null,
        suspended_by: i.suspended ? su(o.users[0]!.login) : null,
        suspended_at: i.suspended ? i.suspended : null,
      })),
    ),
  );
  if (o.tokens) {
    put(
      'personal-access-tokens.json',
      o.tokens.map((t) => ({
        id: t.grantId,
        owner: su(t.owner),
        repository_selection: 'subset',
        repositories_url: `https://api.github.com/organizations/1/personal-access-token-requests/${t.grantId}/repositories`,
        permissions: { repository: { contents: 'read' } },
        access_granted_at: pacific(t.granted),
        token_id: t.tokenId,
        token_name: t.name ?? `token-${t.tokenId}`,
        token_expired: t.expired ?? false,
        token_expires_at: t.expiresAt ? pacific(t.expiresAt) : null,
        token_last_used_at: t.lastUsed ? pacific(t.lastUsed) : null,
      })),
    );
  }
  if (o.authorizations) {
    put(
      'credential-authorizations.json',
      o.authorizations.map((a) => ({
        login: a.login,
        credential_id: a.credentialId,
        credential_type: a.type ?? 'personal access token',
        credential_authorized_at: a.authorized,
        credential_accessed_at: a.accessed ?? null,
        authorized_credential_id: a.credentialId + 1,
        ...(a.type === 'SSH key'
          ? { fingerprint: 'jklmnop12345678', authorized_credential_title: `ssh key of ${a.login}` }
          : { scopes: ['repo'], token_last_eight: 'Zq8last8', authorized_credential_note: `token of ${a.login}`, authorized_credential_expires_at: a.expires ?? null }),
      })),
    );
  }
  put(
    'actions-secrets.json',
    wrap('secrets', (o.secrets ?? []).map((s) => ({ name: s.name, created_at: s.created, updated_at: pacific(s.updated), visibility: 'private' }))),
  );
  put(
    'external-identities.json',
    o.users.filter((u) => u.saml).map((u) => ({ samlIdentity: { nameId: u.saml!.nameId, emails: u.saml!.emails ?? [] }, user: { login: u.login } })),
  );
  if (o.auditLog) {
    put(
      'audit-log.json',
      o.auditLog.map((e, i) => ({
        '@timestamp': Date.parse(e.at),
        created_at: Date.parse(e.at),
        action: e.action,
        actor: e.actor,
        ...(e.user ? { user: e.user } : {}),
        _document_id: `doc-${i}`,
        actor_location: { country_code: 'GB' },
      })),
    );
  }
  return files;
}

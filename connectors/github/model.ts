// The GitHub snapshot files, read and checked: `github/<org>/` as
// docs/snapshot-format.md lists them. Only the fields driftgraph reads are named;
// timestamps are already instants (`Date.toISOString()` form) here, because
// the reader is where a bad value can still be named by file and JSON path.

export interface GithubUser {
  login: string;
  id: number | null;
  /** `User`, `Bot`, `Organization` as GitHub writes it. */
  type: string | null;
  siteAdmin: boolean;
}

export interface Team {
  slug: string;
  name: string;
  id: number | null;
  privacy: string | null;
  /** The parent team's slug, for nested teams. */
  parentSlug: string | null;
}

export interface Repo {
  name: string;
  private: boolean | null;
  archived: boolean;
}

export interface Collaborator {
  login: string;
  id: number | null;
  /** `admin`, `maintain`, `write`, `triage`, `read` or a custom role name. */
  roleName: string | null;
  admin: boolean;
}

export interface DeployKey {
  id: number;
  repo: string;
  title: string | null;
  createdAt: string | null;
  readOnly: boolean | null;
  addedBy: string | null;
  /** `last_used` absent from the payload: this server does not report use. */
  usageReported: boolean;
  lastUsedAt: string | null;
  enabled: boolean;
}

export interface Installation {
  id: number;
  appSlug: string;
  appId: number | null;
  createdAt: string | null;
  suspendedAt: string | null;
  repositorySelection: string | null;
  permissions: string[];
}

export interface FineGrainedToken {
  grantId: number | null;
  tokenId: number;
  tokenName: string | null;
  ownerLogin: string;
  expired: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  grantedAt: string | null;
  permissions: string[];
}

export interface CredentialAuthorization {
  login: string;
  credentialId: number;
  credentialType: string;
  title: string | null;
  authorizedAt: string | null;
  accessedAt: string | null;
  expiresAt: string | null;
  scopes: string[];
}

export interface ActionsSecret {
  name: string;
  createdAt: string | null;
  updatedAt: string | null;
  visibility: string | null;
}

export interface ExternalIdentity {
  login: string | null;
  nameId: string | null;
  emails: string[];
}

export interface AuditEntry {
  at: string;
  action: string | null;
  actor: string | null;
  /** The user an action was about (`org.add_member`: the new member). */
  user: string | null;
}

/** Everything one `github/<org>/` folder holds. `null`: the file is absent. */
export interface OrgSnapshot {
  org: string;
  members: GithubUser[];
  admins: GithubUser[] | null;
  twoFactorDisabled: GithubUser[] | null;
  outsideCollaborators: GithubUser[] | null;
  teams: Team[] | null;
  /** Team slug -> its members (`team-members/<slug>.json`). */
  teamMembers: Map<string, GithubUser[]>;
  repos: Repo[] | null;
  /** Repository name -> direct collaborators. */
  repoCollaborators: Map<string, Collaborator[]>;
  deployKeys: DeployKey[];
  installations: Installation[] | null;
  tokens: FineGrainedToken[] | null;
  authorizations: CredentialAuthorization[] | null;
  secrets: ActionsSecret[] | null;
  externalIdentities: ExternalIdentity[] | null;
  auditLog: AuditEntry[] | null;
  warnings: string[];
}

/** The snapshot-relative name used in errors: `github/<org>/<name>`. */
export function orgFile(org: string, name: string): string {
  return `github/${org}/${name}`;
}

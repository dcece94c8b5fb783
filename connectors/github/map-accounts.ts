// Org members and outside collaborators -> accounts (Identity, type `user`,
// nativeId the login). Privileged: org admin, or admin of a repository.
// Linked to people by their SAML identity (nameId or emails). They report use
// only when the org's audit log is in the snapshot.
import type { GraphBatch } from '../../src/graph/records.js';
import { latest } from '../../src/util/time.js';
import { baseProps, userKey, type OrgContext } from './map-context.js';
import type { GithubUser } from './model.js';

/** Latest use of each login's own credentials (PATs, SAML authorizations), lower-case login -> instant. */
export type CredentialUse = Map<string, string>;

export function mapAccounts(ctx: OrgContext, credentialUse: CredentialUse, out: GraphBatch): void {
  const s = ctx.snapshot;
  // The admin, 2FA and collaborator lists name a user by login and id: the id
  // is GitHub's lasting one (a login can be renamed), so a list entry whose
  // login no member has still counts for the member with its id.
  const loginById = new Map<number, string>();
  for (const u of [...s.members, ...(s.outsideCollaborators ?? [])]) if (u.id !== null && !loginById.has(u.id)) loginById.set(u.id, u.login.toLowerCase());
  const loginOf = (u: { login: string; id: number | null }) => (u.id !== null ? loginById.get(u.id) : undefined) ?? u.login.toLowerCase();
  const admins = new Set((s.admins ?? []).map(loginOf));
  const noTwoFactor = s.twoFactorDisabled ? new Set(s.twoFactorDisabled.map(loginOf)) : null;
  const repoAdmin = new Map<string, string[]>();
  let unknownCollaborators = 0;
  for (const [repo, collaborators] of [...s.repoCollaborators].sort(([a], [b]) => a.localeCompare(b))) {
    for (const c of collaborators) {
      const login = loginOf(c);
      if (!ctx.logins.has(login)) unknownCollaborators++;
      else if (c.admin) repoAdmin.set(login, [...(repoAdmin.get(login) ?? []), repo]);
    }
  }
  if (unknownCollaborators) {
    ctx.warnings.push(`github/${ctx.org}: ${unknownCollaborators} repository collaborator(s) neither members nor outside collaborators, ignored`);
  }

  const memberLogins = new Set(s.members.map((u) => u.login.toLowerCase()));
  const users = new Map<string, GithubUser>();
  for (const u of [...s.members, ...(s.outsideCollaborators ?? [])]) if (!users.has(u.login.toLowerCase())) users.set(u.login.toLowerCase(), u);
  const usageReported = s.auditLog !== null;

  for (const [lower, u] of users) {
    const reasons: string[] = [];
    if (admins.has(lower)) reasons.push('org admin');
    for (const repo of repoAdmin.get(lower) ?? []) reasons.push(`admin of repository ${repo}`);
    const link = ctx.samlLinks.get(lower) ?? { values: [], methods: [] };
    const twoFactorDisabled = noTwoFactor ? noTwoFactor.has(lower) : null;
    out.nodes.push({
      label: 'Identity',
      key: userKey(ctx, u.login),
      props: {
        ...baseProps(ctx.org, 'user', u.login, u.login),
        githubId: u.id,
        githubType: u.type,
        membership: memberLogins.has(lower) ? 'member' : 'outside collaborator',
        isNhi: false,
        isRoot: false,
        providerManaged: false,
        // Listed as a member or outside collaborator: active (docs/rules.md "Account").
        active: true,
        privileged: reasons.length > 0,
        privilegeReasons: reasons,
        orgAdmin: admins.has(lower),
        twoFactorDisabled,
        mfaActive: twoFactorDisabled === null ? null : !twoFactorDisabled,
        mfaMissing: twoFactorDisabled,
        // Owner values (`github:<login>`, from `added_by`) and ticket mentions name the account by its login.
        login: u.login,
        loginScheme: 'github',
        // Without an audit log there is no creation date to go by; with one, a
        // member it never saw added was a member before its first entry.
        createdAt: usageReported ? (ctx.addedAt.get(lower) ?? ctx.auditFrom) : null,
        lastUsedAt: latest(ctx.lastAction.get(lower), credentialUse.get(lower)),
        usageReported,
        linkValues: link.values,
        linkMethods: link.methods,
        ownerValues: [],
        ownerMethods: [],
        hasOwnerTag: false,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
  }
}

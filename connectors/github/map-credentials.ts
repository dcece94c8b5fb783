// Credentials of an org: deploy keys and Actions secrets stand alone (owned
// through `added_by` or the catalog); fine-grained PATs and SAML-authorized
// credentials belong to their login (AUTHENTICATES_AS). PATs and
// authorizations are judged by their missing expiry, not by their age
// (`maxAgeApplies: false`): docs/rules.md names only key and secret ages.
import type { GraphBatch } from '../../src/graph/records.js';
import { latest } from '../../src/util/time.js';
import type { CredentialUse } from './map-accounts.js';
import { baseProps, githubKey, userKey, type OrgContext } from './map-context.js';

export function mapDeployKeys(ctx: OrgContext, out: GraphBatch): void {
  for (const k of ctx.snapshot.deployKeys) {
    const id = String(k.id);
    out.nodes.push({
      label: 'Credential',
      key: githubKey(ctx.org, 'deploy-key', id),
      props: {
        ...baseProps(ctx.org, 'deploy-key', id, k.title ?? `${k.repo} deploy key ${id}`),
        repository: k.repo,
        readOnly: k.readOnly,
        addedBy: k.addedBy,
        active: k.enabled,
        enabled: k.enabled,
        createdAt: k.createdAt,
        lastUsedAt: k.lastUsedAt,
        usageReported: k.usageReported,
        expiresAt: null,
        // Deploy keys have no expiry by design: their age is what is judged.
        noExpiry: false,
        standalone: true,
        catalogId: `github-deploy-key:${k.repo}/${id}`,
        ownerValues: k.addedBy ? [`github:${k.addedBy}`] : [],
        ownerMethods: k.addedBy ? ['github-added-by'] : [],
      },
    });
  }
}

export function mapSecrets(ctx: OrgContext, out: GraphBatch): void {
  for (const s of ctx.snapshot.secrets ?? []) {
    out.nodes.push({
      label: 'Credential',
      key: githubKey(ctx.org, 'secret', s.name),
      props: {
        ...baseProps(ctx.org, 'secret', s.name, s.name),
        visibility: s.visibility,
        active: true,
        createdAt: s.createdAt,
        rotatedAt: s.updatedAt,
        lastUsedAt: null,
        // GitHub reports no use of a secret: the stale and never-used rules skip it.
        usageReported: false,
        expiresAt: null,
        noExpiry: false,
        standalone: true,
        catalogId: `github-secret:${ctx.org}/${s.name}`,
        ownerValues: [],
        ownerMethods: [],
      },
    });
  }
}

/** PATs and authorizations; returns each login's latest credential use for the account's own lastUsedAt. */
export function mapUserCredentials(ctx: OrgContext, out: GraphBatch): CredentialUse {
  const use: CredentialUse = new Map();
  const used = (login: string, at: string | null) => {
    const l = login.toLowerCase();
    const best = latest(use.get(l), at);
    if (best) use.set(l, best);
  };
  let strays = 0;
  const edge = (from: string, login: string) => {
    if (ctx.logins.has(login.toLowerCase())) out.edges.push({ type: 'AUTHENTICATES_AS', from, to: userKey(ctx, login) });
    else strays++;
  };

  for (const t of ctx.snapshot.tokens ?? []) {
    const id = String(t.tokenId);
    const key = githubKey(ctx.org, 'personal-access-token', id);
    out.nodes.push({
      label: 'Credential',
      key,
      props: {
        ...baseProps(ctx.org, 'personal-access-token', id, t.tokenName ?? `token ${id}`),
        grantId: t.grantId,
        login: t.ownerLogin,
        active: !t.expired,
        expired: t.expired,
        createdAt: t.grantedAt,
        lastUsedAt: t.lastUsedAt,
        usageReported: true,
        expiresAt: t.expiresAt,
        noExpiry: t.expiresAt === null,
        maxAgeApplies: false,
        standalone: false,
        permissions: t.permissions,
      },
    });
    edge(key, t.ownerLogin);
    used(t.ownerLogin, t.lastUsedAt);
  }

  for (const a of ctx.snapshot.authorizations ?? []) {
    const id = String(a.credentialId);
    const key = githubKey(ctx.org, 'credential-authorization', id);
    // SSH keys have no expiry in GitHub; tokens do, so a token without one is "no expiry".
    const hasExpiry = !/ssh/i.test(a.credentialType);
    out.nodes.push({
      label: 'Credential',
      key,
      props: {
        ...baseProps(ctx.org, 'credential-authorization', id, a.title ?? `${a.credentialType} of ${a.login}`),
        login: a.login,
        credentialType: a.credentialType,
        scopes: a.scopes,
        // Listed: authorized for this org (docs/rules.md "Credential ... Active").
        active: true,
        createdAt: a.authorizedAt,
        lastUsedAt: a.accessedAt,
        usageReported: true,
        expiresAt: a.expiresAt,
        noExpiry: hasExpiry && a.expiresAt === null,
        maxAgeApplies: false,
        standalone: false,
      },
    });
    edge(key, a.login);
    used(a.login, a.accessedAt);
  }
  if (strays) ctx.warnings.push(`github/${ctx.org}: ${strays} token(s) or authorization(s) of logins not in members.json (no AUTHENTICATES_AS edge)`);
  return use;
}

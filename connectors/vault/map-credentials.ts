// Tokens, AppRole secret IDs and KV secrets -> Credential nodes, each keyed
// by what Vault lets you act on without the secret: a token's accessor, a
// secret ID's accessor, a KV secret's mount and path.
//
// A token authenticates as the AppRole whose login made it (`meta.role_name`
// on an `auth/<mount>/login` path), else as its entity; a token with
// neither (a root token, one a root token made) stands alone and is owned by
// the owner its `meta` declares. A KV secret stands alone, owned by its
// `custom_metadata` owner or the catalog.
import type { GraphBatch, Props } from '../../src/graph/records.js';
import { approleId, baseProps, catalogIdOf, ownersOf, privilegeOf, vaultKey, type ClusterContext } from './map-context.js';
import type { AppRole, KvSecret, SecretIdLookup, TokenLookup } from './model.js';

const NO_OWNERS = { ownerValues: [] as string[], ownerMethods: [] as string[] };

/** Why a token is long-lived whatever its dates: the root policy; periodic with no explicit maximum. */
function tokenLongLivedReason(t: TokenLookup): string | null {
  const reasons: string[] = [];
  if (t.policies.includes('root')) reasons.push('held with the root policy');
  if ((t.period ?? 0) > 0 && !(t.explicitMaxTtl ?? 0)) reasons.push('periodic with no maximum TTL (renewable forever)');
  return reasons.length ? reasons.join('; ') : null;
}

/** The AppRole a token's login came from: `auth/<mount>/login` with `meta.role_name`. */
function loginRole(t: TokenLookup): string | null {
  const m = /^auth\/(.+)\/login\/?$/.exec(t.path ?? '');
  return m && t.meta.roleName ? approleId(m[1]!, t.meta.roleName) : null;
}

export function mapTokens(ctx: ClusterContext, tokens: TokenLookup[], entityIds: Set<string>, roleIds: Set<string>, out: GraphBatch): void {
  let unknownEntity = 0;
  for (const t of tokens) {
    const role = loginRole(t);
    const holder =
      role && roleIds.has(role)
        ? vaultKey(ctx.cluster, 'approle', role)
        : t.entityId && entityIds.has(t.entityId)
          ? vaultKey(ctx.cluster, 'entity', t.entityId)
          : null;
    if (!holder && t.entityId) unknownEntity++;
    // No identity at all: the token is an identity of its own, owned directly.
    const standalone = holder === null && !t.entityId;
    const owners = ownersOf(t.meta);
    const key = vaultKey(ctx.cluster, 'token', t.accessor);
    const props: Props = {
      ...baseProps(ctx.cluster, 'token', t.accessor, t.displayName ?? t.accessor),
      catalogId: catalogIdOf(ctx.cluster, `auth/token/accessors/${t.accessor}`),
      active: t.expiresAt === null || t.expiresAt > ctx.now,
      createdAt: t.createdAt,
      issuedAt: t.issuedAt,
      expiresAt: t.expiresAt,
      // A token with no expire_time lives until someone revokes it.
      noExpiry: t.expiresAt === null,
      longLivedReason: tokenLongLivedReason(t),
      maxAgeApplies: true,
      standalone,
      // Vault reports no last use of a token.
      lastUsedAt: null,
      usageReported: false,
      policies: t.policies,
      identityPolicies: t.identityPolicies,
      ...privilegeOf(ctx, [...t.policies, ...t.identityPolicies]),
      orphan: t.orphan,
      renewable: t.renewable,
      tokenType: t.tokenType,
      authPath: t.path,
      entityId: t.entityId,
      roleName: t.meta.roleName,
      ttl: t.ttl,
      creationTtl: t.creationTtl,
      explicitMaxTtl: t.explicitMaxTtl,
      period: t.period,
      numUses: t.numUses,
      metadata: t.meta.pairs,
      ...(standalone ? { ownerValues: owners.values, ownerMethods: owners.methods } : NO_OWNERS),
      providerManaged: false,
    };
    out.nodes.push({ label: 'Credential', key, props });
    if (holder) out.edges.push({ type: 'AUTHENTICATES_AS', from: key, to: holder });
  }
  if (unknownEntity) {
    ctx.warnings.push(`vault/${ctx.cluster}: ${unknownEntity} token(s) name an entity that entities.json does not list; they are judged by their own dates only`);
  }
}

export function mapSecretIds(ctx: ClusterContext, roles: AppRole[], secretIds: Map<string, SecretIdLookup[]>, out: GraphBatch): void {
  for (const role of roles) {
    const roleKey = vaultKey(ctx.cluster, 'approle', approleId(role.mount, role.name));
    for (const s of secretIds.get(`${role.mount}/${role.name}`) ?? []) {
      const key = vaultKey(ctx.cluster, 'secret-id', s.accessor);
      // Vault writes last_updated_time only when a limited-use secret ID is used
      // (it counts the use down); an unlimited one reports no use.
      const usageReported = (s.numUses ?? 0) > 0;
      const used = usageReported && s.lastUpdatedAt && s.createdAt && s.lastUpdatedAt > s.createdAt ? s.lastUpdatedAt : null;
      out.nodes.push({
        label: 'Credential',
        key,
        props: {
          ...baseProps(ctx.cluster, 'secret-id', s.accessor, role.name),
          role: role.name,
          mount: role.mount,
          active: s.expiresAt === null || s.expiresAt > ctx.now,
          createdAt: s.createdAt,
          expiresAt: s.expiresAt,
          noExpiry: s.ttl === 0 || (s.ttl === null && s.expiresAt === null),
          maxAgeApplies: true,
          standalone: false,
          usageReported,
          lastUsedAt: used,
          usesLeft: s.numUses,
          cidrs: s.cidrs,
          metadata: s.metadata.pairs,
          ...NO_OWNERS,
          providerManaged: false,
        },
      });
      out.edges.push({ type: 'AUTHENTICATES_AS', from: key, to: roleKey });
    }
  }
}

export function mapKvSecrets(ctx: ClusterContext, secrets: KvSecret[], out: GraphBatch): void {
  for (const s of secrets) {
    const id = `${s.mount}/${s.path}`;
    const current = s.versions.find((v) => v.version === s.currentVersion) ?? null;
    const owners = ownersOf(s.customMetadata);
    out.nodes.push({
      label: 'Credential',
      key: vaultKey(ctx.cluster, 'kv-secret', id),
      props: {
        ...baseProps(ctx.cluster, 'kv-secret', id, id),
        catalogId: catalogIdOf(ctx.cluster, id),
        mount: s.mount,
        path: s.path,
        // A secret whose current version was deleted or destroyed holds no value.
        active: current !== null && current.deletedAt === null && !current.destroyed,
        createdAt: s.createdAt,
        // The value last changed when the current version was written; updated_time
        // also moves when only the metadata changes.
        rotatedAt: current?.createdAt ?? s.updatedAt,
        updatedAt: s.updatedAt,
        currentVersion: s.currentVersion,
        versionCount: s.versions.length,
        noExpiry: false,
        maxAgeApplies: true,
        standalone: true,
        // Vault reports no read of a KV secret.
        lastUsedAt: null,
        usageReported: false,
        metadata: s.customMetadata.pairs,
        ownerValues: owners.values,
        ownerMethods: owners.methods,
        providerManaged: false,
      },
    });
  }
}

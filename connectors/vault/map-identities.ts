// Entities and AppRoles -> Identity nodes. An entity with a login through a
// method people use (OIDC, LDAP, userpass, ...) or an email in its metadata
// is a person's account, linked by an email-shaped alias name or a metadata
// email. An entity whose every alias is a machine login (AppRole,
// Kubernetes, a cloud or certificate method) is one Vault made by itself at
// that login: the AppRole (or the workload) is what is judged, so it is
// provider-managed. An entity with no alias at all is judged like an IAM
// user: an NHI when an owner is declared, the catalog lists it or nothing
// links it to a person. AppRoles are NHIs, owned through the catalog or the
// owner its secret IDs' metadata declares.
import type { GraphBatch } from '../../src/graph/records.js';
import { approleId, baseProps, catalogIdOf, ownersOf, privilegeOf, vaultKey, type ClusterContext } from './map-context.js';
import type { AppRole, SecretIdLookup, VaultEntity } from './model.js';
import { LinkValues } from '../lib/link-values.js';

/** Auth methods machines log in with: an alias on one of these is no person's login. */
export const MACHINE_METHODS = new Set(['approle', 'kubernetes', 'aws', 'gcp', 'azure', 'cert', 'alicloud', 'oci', 'cf', 'jwt', 'tls', 'token']);

export type EntityKind = 'account' | 'machine' | 'undeclared';

export function entityKind(e: VaultEntity): EntityKind {
  const emails = e.metadata.emails.length + e.aliases.filter((a) => a.email || a.metadata.emails.length).length;
  if (emails > 0 || e.aliases.some((a) => !MACHINE_METHODS.has((a.mountType ?? '').toLowerCase()))) return 'account';
  return e.aliases.length ? 'machine' : 'undeclared';
}

function links(e: VaultEntity): { values: string[]; methods: string[] } {
  const found = new LinkValues();
  const add = (email: string, method: string) => found.add(`email:${email}`, method);
  for (const a of e.aliases) if (a.email) add(a.email, 'vault-alias-name');
  for (const a of e.aliases) for (const m of a.metadata.emails) add(m, 'vault-alias-metadata');
  for (const m of e.metadata.emails) add(m, 'vault-entity-metadata');
  return found;
}

export function mapEntities(ctx: ClusterContext, entities: VaultEntity[], out: GraphBatch): void {
  for (const e of entities) {
    const kind = entityKind(e);
    const link = links(e);
    const owners = ownersOf(e.metadata);
    out.nodes.push({
      label: 'Identity',
      key: vaultKey(ctx.cluster, 'entity', e.id),
      props: {
        ...baseProps(ctx.cluster, 'entity', e.id, e.name ?? e.id),
        catalogId: catalogIdOf(ctx.cluster, `identity/entity/id/${e.id}`),
        // undeclared: derive decides (an NHI when owned, listed or unlinked).
        isNhi: kind === 'account' ? false : kind === 'machine' ? true : undefined,
        mayBeNhi: kind === 'undeclared',
        entityKind: kind,
        providerManaged: kind === 'machine',
        isRoot: false,
        hasPassword: false,
        active: !e.disabled,
        disabled: e.disabled,
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
        // Vault keeps no last-login time for an entity.
        lastUsedAt: null,
        usageReported: false,
        policies: e.policies,
        ...privilegeOf(ctx, e.policies),
        authMethods: [...new Set(e.aliases.map((a) => `${a.mountType ?? '?'}:${a.mountPath ?? '?'}`))].sort(),
        metadata: e.metadata.pairs,
        login: e.id,
        loginScheme: 'vault',
        linkValues: link.values,
        linkMethods: link.methods,
        ownerValues: owners.values,
        ownerMethods: owners.methods,
        hasOwnerTag: owners.values.length > 0,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
  }
}

export function mapAppRoles(ctx: ClusterContext, roles: AppRole[], secretIds: Map<string, SecretIdLookup[]>, out: GraphBatch): void {
  for (const role of roles) {
    const id = approleId(role.mount, role.name);
    const owners = ownersOf(...(secretIds.get(`${role.mount}/${role.name}`) ?? []).map((s) => s.metadata));
    out.nodes.push({
      label: 'Identity',
      key: vaultKey(ctx.cluster, 'approle', id),
      props: {
        ...baseProps(ctx.cluster, 'approle', id, role.name),
        catalogId: catalogIdOf(ctx.cluster, id),
        mount: role.mount,
        isNhi: true,
        mayBeNhi: false,
        providerManaged: false,
        isRoot: false,
        // A role exists until it is deleted; Vault keeps no creation time for it.
        active: true,
        createdAt: null,
        lastUsedAt: null,
        usageReported: false,
        tokenPolicies: role.tokenPolicies,
        ...privilegeOf(ctx, role.tokenPolicies),
        secretIdTtl: role.secretIdTtl,
        secretIdNumUses: role.secretIdNumUses,
        tokenTtl: role.tokenTtl,
        tokenMaxTtl: role.tokenMaxTtl,
        tokenPeriod: role.tokenPeriod,
        tokenType: role.tokenType,
        bindSecretId: role.bindSecretId,
        linkValues: [],
        linkMethods: [],
        ownerValues: owners.values,
        ownerMethods: owners.methods,
        hasOwnerTag: owners.values.length > 0,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
  }
}

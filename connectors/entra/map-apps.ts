// App registrations and service principals -> NHIs, their client secrets and
// certificates -> Credentials. An app registered in this tenant acts through
// its service principal, so the pair is one NHI: the service principal, which
// carries the registration's owners, creation time and federated credentials,
// and the credentials of both authenticate as it. A registration with no
// service principal here is its own NHI (type `application`). Microsoft's
// first-party service principals and managed identities are provider-managed:
// never findings.
import type { GraphBatch, Props } from '../../src/graph/records.js';

import { MICROSOFT_TENANT } from './files.js';
import { baseProps, emailsIn, entraKey, privilegeOf, type TenantContext } from './map-context.js';
import type { AppCredential, Application, DirectoryRef, ServicePrincipal } from './model.js';
import { federatedTrustIssues } from './trust.js';

/** A credential's end after this is "never expires" (the portal writes 2299 or 9999). */
const NO_EXPIRY_AFTER = '2099-12-31T23:59:59.999Z';

function owners(refs: DirectoryRef[] | undefined, userIds: Set<string>, method: string, out: { values: string[]; methods: string[] }): void {
  for (const r of refs ?? []) {
    // Users only: an owner that is itself a service principal is nobody to ask.
    if (r.kind !== null && r.kind !== 'user') continue;
    if (r.kind === null && !userIds.has(r.id)) continue;
    out.values.push(`entra:${r.id}`);
    out.methods.push(method);
  }
}

export function mapApps(ctx: TenantContext, out: GraphBatch): void {
  const s = ctx.snapshot;
  const userIds = new Set(s.users.map((u) => u.id));
  const spByAppId = new Map(s.servicePrincipals.map((sp) => [sp.appId, sp]));
  const appByAppId = new Map(s.applications.map((a) => [a.appId, a]));
  const lastSignIn = s.servicePrincipalLastSignIn;
  for (const sp of s.servicePrincipals) {
    const app = appByAppId.get(sp.appId) ?? null;
    mapIdentity(ctx, out, 'service-principal', sp.id, sp, app, userIds, lastSignIn);
  }
  for (const app of s.applications) {
    if (!spByAppId.has(app.appId)) mapIdentity(ctx, out, 'application', app.id, null, app, userIds, lastSignIn);
  }
}

function mapIdentity(
  ctx: TenantContext,
  out: GraphBatch,
  type: 'service-principal' | 'application',
  id: string,
  sp: ServicePrincipal | null,
  app: Application | null,
  userIds: Set<string>,
  lastSignIn: Map<string, string | null> | null,
): void {
  const appId = (sp?.appId ?? app?.appId)!;
  const ownerDecl = { values: [] as string[], methods: [] as string[] };
  if (sp) owners(ctx.snapshot.servicePrincipalOwners.get(sp.id), userIds, 'entra-owner', ownerDecl);
  if (app) owners(ctx.snapshot.applicationOwners.get(app.id), userIds, 'entra-app-owner', ownerDecl);
  for (const e of emailsIn(sp?.notes ?? '')) {
    ownerDecl.values.push(e);
    ownerDecl.methods.push('notes');
  }
  for (const e of emailsIn((sp?.tags ?? []).join(' '))) {
    ownerDecl.values.push(e);
    ownerDecl.methods.push('tags');
  }
  const managedIdentity = sp?.servicePrincipalType === 'ManagedIdentity';
  const providerManaged = managedIdentity || sp?.appOwnerOrganizationId === MICROSOFT_TENANT;
  const used = lastSignIn ? (lastSignIn.get(appId) ?? null) : null;
  const privilege = privilegeOf(ctx, id);
  const key = entraKey(ctx.tenant, type, id);
  const props: Props = {
    ...baseProps(ctx.tenant, type, id, sp?.displayName ?? app?.displayName ?? appId),
    appId,
    applicationObjectId: app?.id ?? null,
    // The catalog (driftgraph.dev/identities) may name the app id or either object id.
    catalogId: appId,
    catalogIds: [appId, id, ...(app && app.id !== id ? [app.id] : [])],
    servicePrincipalType: sp?.servicePrincipalType ?? null,
    appOwnerOrganizationId: sp?.appOwnerOrganizationId ?? null,
    managedIdentity,
    isNhi: true,
    mayBeNhi: false,
    isRoot: false,
    providerManaged,
    active: sp ? sp.accountEnabled !== false : true,
    createdAt: app?.createdAt ?? null,
    lastUsedAt: used,
    usageReported: lastSignIn !== null,
    privileged: privilege.privileged,
    privilegeReasons: privilege.privilegeReasons,
    roles: privilege.roles,
    trustIssues: app?.federated ? federatedTrustIssues(app.federated) : [],
    federatedCredentials: app?.federated?.map((f) => f.name ?? f.id) ?? [],
    linkValues: [],
    linkMethods: [],
    ownerValues: ownerDecl.values,
    ownerMethods: ownerDecl.methods,
    hasOwnerTag: ownerDecl.methods.includes('tags'),
    declaredRegions: [],
    declaredCidrs: [],
  };
  out.nodes.push({ label: 'Identity', key, props });
  const creds: [AppCredential, 'application' | 'servicePrincipal', string][] = [
    ...(app?.credentials ?? []).map((c) => [c, 'application', app!.id] as [AppCredential, 'application', string]),
    ...(sp?.credentials ?? []).map((c) => [c, 'servicePrincipal', sp!.id] as [AppCredential, 'servicePrincipal', string]),
  ];
  for (const [c, heldBy, holderId] of creds) {
    const credKey = entraKey(ctx.tenant, c.kind, c.keyId);
    const noExpiry = c.endAt === null || c.endAt > NO_EXPIRY_AFTER;
    out.nodes.push({
      label: 'Credential',
      key: credKey,
      props: {
        ...baseProps(ctx.tenant, c.kind, c.keyId, c.displayName ?? c.keyId),
        heldBy,
        holderObjectId: holderId,
        appId,
        usage: c.usage,
        createdAt: c.startAt,
        expiresAt: c.endAt,
        // An expired secret or certificate authenticates nothing.
        active: c.endAt === null || c.endAt > ctx.now,
        noExpiry,
        // Entra judges a credential by its lifetime (start to end), not its age.
        maxAgeApplies: false,
        lifetimeApplies: true,
        standalone: false,
        providerManaged,
        // The service principal's last sign-in (the report has no per-credential use in v1.0).
        lastUsedAt: used,
        usageReported: lastSignIn !== null,
        ownerValues: [],
        ownerMethods: [],
      },
    });
    out.edges.push({ type: 'AUTHENTICATES_AS', from: credKey, to: key });
  }

}

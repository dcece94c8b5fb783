// GitHub App installations -> NHIs (type `app-installation`, nativeId the
// numeric installation id). Active while not suspended; owned through the
// catalog's `github-app:<slug>`.
import type { GraphBatch } from '../../src/graph/records.js';
import { baseProps, githubKey, type OrgContext } from './map-context.js';

export function mapInstallations(ctx: OrgContext, out: GraphBatch): void {
  const usageReported = ctx.snapshot.auditLog !== null;
  for (const i of ctx.snapshot.installations ?? []) {
    const id = String(i.id);
    out.nodes.push({
      label: 'Identity',
      key: githubKey(ctx.org, 'app-installation', id),
      props: {
        ...baseProps(ctx.org, 'app-installation', id, i.appSlug),
        appSlug: i.appSlug,
        appId: i.appId,
        isNhi: true,
        isRoot: false,
        providerManaged: false,
        active: i.suspendedAt === null,
        suspendedAt: i.suspendedAt,
        createdAt: i.createdAt,
        // An app acts in the audit log as `<slug>[bot]`.
        lastUsedAt: ctx.lastAction.get(`${i.appSlug.toLowerCase()}[bot]`) ?? null,
        usageReported,
        privileged: false,
        privilegeReasons: [],
        repositorySelection: i.repositorySelection,
        permissions: i.permissions,
        catalogId: `github-app:${i.appSlug}`,
        linkValues: [],
        linkMethods: [],
        ownerValues: [],
        ownerMethods: [],
        hasOwnerTag: false,
        declaredRegions: [],
        declaredCidrs: [],
      },
    });
  }
}

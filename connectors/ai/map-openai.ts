// One OpenAI organization -> graph records. Org users are accounts (linked by
// email); each project's service accounts are NHIs; a key is a credential
// of the user or service account that owns it (AUTHENTICATES_AS). A key
// whose owner is in no list (a user no longer in the org, an org-level
// service account) stands alone, owned by the email the API gives.
import { emptyBatch, type GraphBatch, type Props } from '../../src/graph/records.js';
import { aiKey, baseProps, latestOf, memberProps, notExpired } from './map-context.js';
import type { OpenAiKey, OpenAiSnapshot } from './model.js';

export const OPENAI_TYPES = {
  user: 'openai-user',
  serviceAccount: 'openai-service-account',
  projectKey: 'openai-api-key',
  adminKey: 'openai-admin-key',
} as const;

export function mapOpenAiOrg(s: OpenAiSnapshot, container: string, now: string): { graph: GraphBatch; warnings: string[] } {
  const out = emptyBatch();
  const warnings = s.warnings.slice();
  const userIds = new Set(s.users.map((u) => u.id));
  const userKey = (id: string) => aiKey(container, OPENAI_TYPES.user, id);
  const lastUseOf = new Map<string, string | null>();
  const noteUse = (ownerKey: string, at: string | null) => lastUseOf.set(ownerKey, latestOf([lastUseOf.get(ownerKey) ?? null, at]));

  const keyNode = (k: OpenAiKey, type: string, active: boolean, extra: Props, saKey: string | null) => {
    const key = aiKey(container, type, k.id);
    const owner = k.owner;
    let holder: string | null = null;
    if (owner.type === 'user' && owner.id && userIds.has(owner.id)) holder = userKey(owner.id);
    else if (owner.type === 'service_account' && saKey) holder = saKey;
    const ownerValue = holder ? null : (owner.email ?? (owner.type === 'user' && owner.id ? `openai:${owner.id}` : null));
    out.nodes.push({
      label: 'Credential',
      key,
      props: {
        ...baseProps(container, type, k.id, k.name ?? k.id),
        catalogId: k.id,
        active: active && notExpired(k.expiresAt, now),
        createdAt: k.createdAt,
        lastUsedAt: k.lastUsedAt,
        usageReported: true,
        expiresAt: k.expiresAt,
        noExpiry: false,
        ownerType: owner.type,
        ownerId: owner.id,
        ownerName: owner.name,
        ownerEmail: owner.email,
        // Owned through its user or service account; stand-alone only when that owner is in no list.
        standalone: holder === null,
        ownerValues: ownerValue ? [ownerValue] : [],
        ownerMethods: ownerValue ? ['openai-key-owner'] : [],
        ...extra,
      },
    });
    if (holder) {
      out.edges.push({ type: 'AUTHENTICATES_AS', from: key, to: holder });
      noteUse(holder, k.lastUsedAt);
    }
  };

  for (const k of s.adminKeys ?? []) {
    keyNode(k, OPENAI_TYPES.adminKey, true, { privileged: true, privilegeReasons: ['admin API key: manages the organization'] }, null);
  }
  for (const p of s.projects) {
    const live = p.status !== 'archived' && p.archivedAt === null;
    const inProject = { projectId: p.id, projectName: p.name };
    const saKeys = new Map<string, string>();
    for (const sa of s.serviceAccounts.get(p.id) ?? []) saKeys.set(sa.id, aiKey(container, OPENAI_TYPES.serviceAccount, sa.id));
    for (const k of s.projectKeys.get(p.id) ?? []) {
      const sa = k.owner.type === 'service_account' && k.owner.id ? (saKeys.get(k.owner.id) ?? null) : null;
      keyNode(k, OPENAI_TYPES.projectKey, live, inProject, sa);
    }
    for (const sa of s.serviceAccounts.get(p.id) ?? []) {
      const key = saKeys.get(sa.id)!;
      const privileged = sa.role === 'owner';
      out.nodes.push({
        label: 'Identity',
        key,
        props: {
          ...baseProps(container, OPENAI_TYPES.serviceAccount, sa.id, sa.name ?? sa.id),
          ...inProject,
          catalogId: sa.id,
          role: sa.role,
          isNhi: true,
          mayBeNhi: false,
          providerManaged: false,
          active: live,
          createdAt: sa.createdAt,
          lastUsedAt: lastUseOf.get(key) ?? null,
          usageReported: true,
          privileged,
          privilegeReasons: privileged ? [`owner of project ${p.name ?? p.id}`] : [],
          ownerValues: [],
          ownerMethods: [],
          hasOwnerTag: false,
          declaredRegions: [],
          declaredCidrs: [],
        },
      });
    }
  }
  for (const u of s.users) {
    const reasons = u.role === 'owner' ? ['organization owner'] : [];
    out.nodes.push({
      label: 'Identity',
      key: userKey(u.id),
      props: memberProps(container, OPENAI_TYPES.user, u, 'openai-email', 'openai', reasons, lastUseOf.get(userKey(u.id)) ?? null),
    });
  }
  return { graph: out, warnings };
}

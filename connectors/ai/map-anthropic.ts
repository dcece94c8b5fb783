// One Anthropic organization -> graph records. Org users are accounts
// (linked by email); workspaces are entitlements their members hold. An API
// key belongs to its workspace, not to a person: it keeps working after its
// creator is removed, so it stands alone, owned by whoever created it.
import { emptyBatch, type GraphBatch } from '../../src/graph/records.js';
import { aiKey, baseProps, memberProps, notExpired } from './map-context.js';
import type { AnthropicSnapshot } from './model.js';

export const ANTHROPIC_TYPES = {
  user: 'anthropic-user',
  workspace: 'anthropic-workspace',
  apiKey: 'anthropic-api-key',
} as const;

/** The workspace a key with no `workspace_id` belongs to. */
export const DEFAULT_WORKSPACE = 'default';

export function mapAnthropicOrg(s: AnthropicSnapshot, container: string, now: string): { graph: GraphBatch; warnings: string[] } {
  const out = emptyBatch();
  const warnings = s.warnings.slice();
  const users = new Map(s.users.map((u) => [u.id, u]));
  const workspaces = new Map(s.workspaces.map((w) => [w.id, w]));
  const userKey = (id: string) => aiKey(container, ANTHROPIC_TYPES.user, id);

  const adminOf = new Map<string, string[]>();
  for (const w of s.workspaces) {
    const key = aiKey(container, ANTHROPIC_TYPES.workspace, w.id);
    out.nodes.push({
      label: 'Entitlement',
      key,
      props: {
        ...baseProps(container, ANTHROPIC_TYPES.workspace, w.id, w.name ?? w.id),
        entitlementId: `${s.org}/${w.name ?? w.id}`,
        createdAt: w.createdAt,
        archivedAt: w.archivedAt,
        privileged: false,
      },
    });
    for (const m of s.members.get(w.id) ?? []) {
      if (!users.has(m.userId)) continue;
      out.edges.push({ type: 'HOLDS', from: userKey(m.userId), to: key });
      if (m.role === 'workspace_admin') adminOf.set(m.userId, [...(adminOf.get(m.userId) ?? []), `admin of workspace ${w.name ?? w.id}`]);
    }
  }

  for (const k of s.apiKeys) {
    const creator = k.createdByType === 'user' && k.createdById ? users.get(k.createdById) : undefined;
    // A creator no longer in the org is still named, by id: the finding shows it as an owner nobody can resolve.
    const owner = creator?.email ?? (k.createdByType === 'user' && k.createdById ? `anthropic:${k.createdById}` : null);
    const workspace = k.workspaceId ? workspaces.get(k.workspaceId) : undefined;
    const workspaceLive = !workspace || workspace.archivedAt === null;
    out.nodes.push({
      label: 'Credential',
      key: aiKey(container, ANTHROPIC_TYPES.apiKey, k.id),
      props: {
        ...baseProps(container, ANTHROPIC_TYPES.apiKey, k.id, k.name ?? k.id),
        catalogId: k.id,
        status: k.status,
        active: k.status === 'active' && notExpired(k.expiresAt, now) && workspaceLive,
        createdAt: k.createdAt,
        createdById: k.createdById,
        createdByType: k.createdByType,
        createdByEmail: creator?.email ?? null,
        workspaceId: k.workspaceId ?? DEFAULT_WORKSPACE,
        workspaceName: workspace?.name ?? (k.workspaceId ? null : 'Default Workspace'),
        expiresAt: k.expiresAt,
        noExpiry: false,
        // The Admin API reports no use of a key: stale and never-used do not judge it.
        usageReported: false,
        lastUsedAt: null,
        standalone: true,
        ownerValues: owner ? [owner] : [],
        ownerMethods: owner ? ['anthropic-created-by'] : [],
      },
    });
  }

  for (const u of s.users) {
    const reasons = [...(u.role === 'admin' ? ['organization admin'] : []), ...(adminOf.get(u.id) ?? [])];
    out.nodes.push({
      label: 'Identity',
      key: userKey(u.id),
      props: memberProps(container, ANTHROPIC_TYPES.user, u, 'anthropic-email', 'anthropic', reasons, null),
    });
  }
  return { graph: out, warnings };
}

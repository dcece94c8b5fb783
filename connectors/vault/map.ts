// One cluster's snapshot -> graph records (pure: the scan's "now" is given).
import { emptyBatch } from '../../src/graph/records.js';
import type { ContainerRead } from '../lib/containers.js';
import { approleId, type ClusterContext } from './map-context.js';
import { mapKvSecrets, mapSecretIds, mapTokens } from './map-credentials.js';
import { mapAppRoles, mapEntities } from './map-identities.js';
import type { ClusterSnapshot } from './model.js';

export function mapCluster(s: ClusterSnapshot, now: string, privilegedPolicies: readonly string[] = []): ContainerRead {
  const ctx: ClusterContext = {
    cluster: s.cluster,
    now,
    privilegedPolicies: new Set(['root', ...privilegedPolicies]),
    warnings: s.warnings.slice(),
  };
  const out = emptyBatch();
  mapEntities(ctx, s.entities, out);
  mapAppRoles(ctx, s.approles, s.secretIds, out);
  mapSecretIds(ctx, s.approles, s.secretIds, out);
  const roleIds = new Set(s.approles.map((r) => approleId(r.mount, r.name)));
  if (s.tokens) mapTokens(ctx, s.tokens, new Set(s.entities.map((e) => e.id)), roleIds, out);
  mapKvSecrets(ctx, s.kvSecrets, out);
  return { graph: out, warnings: ctx.warnings };
}

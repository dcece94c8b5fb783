// One tenant's snapshot -> graph records (pure: the scan's "now" is given).
import { emptyBatch } from '../../src/graph/records.js';
import type { ContainerRead } from '../lib/containers.js';
import { mapApps } from './map-apps.js';
import { tenantContext } from './map-context.js';
import { mapGroupsAndRoles, mapUsers } from './map-directory.js';
import { mapDevices, mapSignIns } from './map-sign-ins.js';
import type { TenantSnapshot } from './model.js';

export function mapTenant(snapshot: TenantSnapshot, now: string, privilegedRoles: readonly string[] = []): ContainerRead {
  const ctx = tenantContext(snapshot, now, privilegedRoles);
  const out = emptyBatch();
  mapUsers(ctx, out);
  mapGroupsAndRoles(ctx, out);
  mapApps(ctx, out);
  mapSignIns(ctx, out);
  mapDevices(ctx, out);
  return { graph: out, warnings: ctx.warnings };
}

// One org's snapshot -> graph records (docs/graph-model.md). Pure: no I/O,
// no clock, no graph queries; links to people and owners are derived after
// every source has loaded.
import { emptyBatch, type GraphBatch } from '../../src/graph/records.js';
import { mapAccounts } from './map-accounts.js';
import { mapInstallations } from './map-apps.js';
import { buildContext } from './map-context.js';
import { mapDeployKeys, mapSecrets, mapUserCredentials } from './map-credentials.js';
import { mapTeams } from './map-teams.js';
import type { OrgSnapshot } from './model.js';

export function mapOrg(snapshot: OrgSnapshot): { graph: GraphBatch; warnings: string[] } {
  const ctx = buildContext(snapshot);
  const out = emptyBatch();
  const credentialUse = mapUserCredentials(ctx, out);
  mapAccounts(ctx, credentialUse, out);
  mapTeams(ctx, out);
  mapDeployKeys(ctx, out);
  mapSecrets(ctx, out);
  mapInstallations(ctx, out);
  return { graph: out, warnings: ctx.warnings };
}

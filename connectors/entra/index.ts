// The Microsoft Entra ID connector: `<snapshot>/entra/<tenant-id>/` folders
// (Microsoft Graph v1.0 list responses) -> graph records, and (through
// collect.ts, loaded on demand) live Graph -> such folders. A tenant whose
// files cannot be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { entraConfigSchema, type EntraConfig } from './config.js';
import { mapTenant } from './map.js';
import { readTenantSnapshot } from './read.js';
import { entraRemediations } from './remediation.js';

export async function loadEntraSnapshot(ctx: LoadContext<EntraConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'entra');
  return loadContainerFolders(
    'entra',
    await listContainerFolders(ctx.snapshotDir, 'entra', 'a tenant'),
    async (tenant) => {
      const snapshot = await readTenantSnapshot(dir, tenant, ctx.shared.maxBadEventShare);
      const t = snapshot.signInTally;
      if (snapshot.signIns) {
        ctx.progress.step(`entra: ${tenant}: ${t.events} sign-in events, ${t.signIns} successful, ${t.notSuccessful} not, ${t.unreadable} unreadable`);
      }
      return mapTenant(snapshot, ctx.now, ctx.config?.privilegedRoles ?? []);
    },
    ctx,
  );
}

export const entraConnector: Connector<EntraConfig> = {
  source: 'entra',
  label: 'Entra ID',
  hasContainers: true,
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'user' },
    { type: 'service-principal', label: 'Identity', words: 'service principal' },
    { type: 'application', label: 'Identity', words: 'app registration' },
    { type: 'group', label: 'Entitlement', words: 'group' },
    { type: 'directory-role', label: 'Entitlement', words: 'directory role' },
    { type: 'client-secret', label: 'Credential', words: 'client secret' },
    { type: 'certificate', label: 'Credential', words: 'certificate' },
    { type: 'sign-in', label: 'Activity', words: 'sign-in' },
    { type: 'device', label: 'Device', words: 'device' },
  ],
  configSchema: entraConfigSchema,
  loadSnapshot: loadEntraSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs the Azure and Graph SDKs.
    const { collectEntra } = await import('./collect.js');
    return collectEntra(outDir, ctx);
  },
  remediations: entraRemediations,
};

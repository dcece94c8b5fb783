// The HashiCorp Vault connector: `<snapshot>/vault/<cluster>/` folders ->
// graph records, and (through collect.ts, loaded on demand) a live cluster
// read with a read-only policy -> such folders. A cluster whose files cannot
// be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { vaultConfigSchema, type VaultConfig } from './config.js';
import { TRACKED_FILES } from './files.js';
import { mapCluster } from './map.js';
import { readClusterSnapshot } from './read.js';
import { vaultRemediations } from './remediation.js';
import { vaultRevocations } from './actions.js';

export async function loadVaultSnapshot(ctx: LoadContext<VaultConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'vault');
  return loadContainerFolders(
    'vault',
    await listContainerFolders(ctx.snapshotDir, 'vault', 'a cluster'),
    async (cluster) => mapCluster(await readClusterSnapshot(dir, cluster), ctx.now, ctx.config?.privilegedPolicies ?? []),
    ctx,
  );
}

export const vaultConnector: Connector<VaultConfig> = {
  source: 'vault',
  label: 'Vault',
  hasContainers: true,
  trackedFiles: TRACKED_FILES,
  subjectTypes: [
    { type: 'entity', label: 'Identity', words: 'entity' },
    { type: 'approle', label: 'Identity', words: 'AppRole' },
    { type: 'token', label: 'Credential', words: 'token' },
    { type: 'secret-id', label: 'Credential', words: 'AppRole secret ID' },
    { type: 'kv-secret', label: 'Credential', words: 'KV secret' },
  ],
  configSchema: vaultConfigSchema,
  loadSnapshot: loadVaultSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs the HTTP client.
    const { collectVault } = await import('./collect.js');
    return collectVault(outDir, ctx);
  },
  remediations: vaultRemediations,
  revocations: vaultRevocations,
};

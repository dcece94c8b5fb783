// The HashiCorp Vault connector: `<snapshot>/vault/<cluster>/` folders ->
// graph records, and (through collect.ts, loaded on demand) a live cluster
// read with a read-only policy -> such folders. A cluster whose files cannot
// be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { append } from '../../src/util/arrays.js';
import { loadContainers } from '../lib/containers.js';
import { vaultConfigSchema, type VaultConfig } from './config.js';
import { TRACKED_FILES } from './files.js';
import { mapCluster } from './map.js';
import { listClusterFolders, readClusterSnapshot } from './read.js';
import { vaultRemediations } from './remediation.js';
import { vaultRevocations } from './actions.js';

export async function loadVaultSnapshot(ctx: LoadContext<VaultConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'vault');
  const { clusters, warnings } = await listClusterFolders(dir);
  const load = await loadContainers(
    'vault',
    clusters,
    async (cluster) => mapCluster(await readClusterSnapshot(dir, cluster), ctx.now, ctx.config?.privilegedPolicies ?? []),
    ctx,
  );
  load.warnings = append(warnings.slice(), load.warnings);
  return load;
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

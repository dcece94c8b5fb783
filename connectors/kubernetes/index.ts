// The Kubernetes connector: `<snapshot>/kubernetes/<cluster>/` folders (the
// API's own list responses, kept to metadata) -> graph records, and (through
// collect.ts, loaded on demand) live clusters -> such folders. A cluster
// whose files cannot be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { kubernetesConfigSchema, type KubernetesConfig } from './config.js';
import { FILES } from './files.js';
import { mapCluster } from './map.js';
import { readClusterSnapshot } from './read.js';
import { kubernetesRemediations } from './remediation.js';
import { kubernetesRevocations } from './revoke.js';

export async function loadKubernetesSnapshot(ctx: LoadContext<KubernetesConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'kubernetes');
  const listing = await listContainerFolders(ctx.snapshotDir, 'kubernetes', 'a cluster');
  return loadContainerFolders('kubernetes', listing, async (cluster) => mapCluster(await readClusterSnapshot(dir, cluster), ctx.config), ctx);
}

export const kubernetesConnector: Connector<KubernetesConfig> = {
  source: 'kubernetes',
  label: 'Kubernetes',
  hasContainers: true,
  subjectTypes: [
    { type: 'service-account', label: 'Identity', words: 'service account' },
    { type: 'service-account-token', label: 'Credential', words: 'service account token' },
    { type: 'cluster-role', label: 'Entitlement', words: 'cluster role' },
    { type: 'role', label: 'Entitlement', words: 'role' },
  ],
  configSchema: kubernetesConfigSchema,
  // Without one of these the cluster's tokens, privilege or workload use are unknown, not gone.
  trackedFiles: Object.values(FILES),
  loadSnapshot: loadKubernetesSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs the Kubernetes client.
    const { collectKubernetes } = await import('./collect.js');
    return collectKubernetes(outDir, ctx);
  },
  remediations: kubernetesRemediations,
  revocations: kubernetesRevocations,
};

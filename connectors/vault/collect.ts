// Live Vault -> `vault/<cluster>/` for every cluster in `vault.clusters`.
// A cluster whose token is missing or refused, or whose server fails, fails
// alone: nothing of it is written and the other clusters still collect.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { VaultClient } from './client.js';
import { collectCluster, writeClusterFiles } from './collect-cluster.js';
import type { VaultConfig } from './config.js';

export async function collectVault(outDir: string, ctx: CollectContext<VaultConfig>, env: NodeJS.ProcessEnv = process.env): Promise<CollectResult> {
  const result: CollectResult = { containers: [], failed: [], warnings: [], requests: 0 };
  const clusters = ctx.config?.clusters ?? [];
  if (!clusters.length) throw new SourceError('vault', 'no cluster under vault.clusters in the config');
  const concurrency = ctx.config?.concurrency ?? 8;
  for (const c of clusters) {
    let client: VaultClient | null = null;
    try {
      const token = env[c.tokenEnv];
      if (!token) throw new SourceError('vault', `the environment variable ${c.tokenEnv} that holds the cluster's token is not set`);
      client = new VaultClient({ address: c.address, token, namespace: c.namespace }, { requestsPerSecond: ctx.config?.requestsPerSecond, concurrency });
      ctx.progress.step(`vault: ${c.name}: reading ${c.address}`);
      const files = await collectCluster(client, c, concurrency, ctx.progress);
      const dir = join(outDir, 'vault', c.name);
      await rm(dir, { recursive: true, force: true });
      await writeClusterFiles(dir, files);
      result.containers.push(c.name);
    } catch (e) {
      const error = errorMessage(e);
      ctx.progress.step(`vault: ${c.name} FAILED: ${error}`);
      result.failed.push({ container: c.name, error });
    } finally {
      result.requests! += client?.requests ?? 0;
    }
  }
  return result;
}

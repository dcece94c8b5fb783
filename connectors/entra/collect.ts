// Live Entra ID -> `<outDir>/entra/<tenant-id>/` for every configured tenant.
// One tenant is one container: each is written into a side folder and moved
// into place only when complete, so a failed call fails that tenant alone and
// leaves no half folder for the scan to mistake for it.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { DEFAULT_GRAPH_URL, graphClient } from './collect-client.js';
import { collectTenant } from './collect-tenant.js';
import type { EntraConfig } from './config.js';

export async function collectEntra(outDir: string, ctx: CollectContext<EntraConfig>, env: NodeJS.ProcessEnv = process.env): Promise<CollectResult> {
  const config = ctx.config;
  if (!config?.tenants?.length) throw new SourceError('entra', 'config entra.tenants lists no tenant to collect');
  const warnings: string[] = [];
  const counter = { requests: 0 };
  const containers: string[] = [];
  const failed: CollectResult['failed'] = [];
  const root = join(outDir, 'entra');
  await mkdir(root, { recursive: true });
  for (const t of config.tenants) {
    const tenant = t.tenantId;
    const partial = join(root, `.${tenant}.partial`);
    await rm(partial, { recursive: true, force: true });
    const before = counter.requests;
    try {
      const client = graphClient(t, config, counter, env);
      await collectTenant(client, partial, {
        now: ctx.now,
        graphUrl: (config.graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, ''),
        signInDays: config.signInDays ?? 30,
        batchSize: config.batchSize ?? 20,
        warn: (m) => {
          warnings.push(`entra/${tenant}: ${m}`);
          ctx.progress.step(`entra: ${tenant}: ${m}`);
        },
        step: (m) => ctx.progress.step(`entra: ${tenant}: ${m}`),
      });
      await rm(join(root, tenant), { recursive: true, force: true });
      await rename(partial, join(root, tenant));
      containers.push(tenant);
      ctx.progress.step(`entra: ${tenant}: collected in ${counter.requests - before} Graph calls`);
    } catch (e) {
      await rm(partial, { recursive: true, force: true });
      failed.push({ container: tenant, error: errorMessage(e) });
    }
  }
  return { containers, failed, warnings, requests: counter.requests };
}

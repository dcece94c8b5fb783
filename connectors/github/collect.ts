// Live GitHub -> `<outDir>/github/<org>/` for every configured org. Each org
// is written into a side folder and moved into place only when complete, so
// a failed org leaves no half folder for the scan to mistake for the org.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { clientFor, useCache, type ClientTuning } from './collect-client.js';
import { collectOrg } from './collect-org.js';
import type { GithubConfig } from './config.js';
import { EtagCache } from './etag-cache.js';

export interface CollectExtras {
  tuning?: ClientTuning;
  env?: NodeJS.ProcessEnv;
}

export async function collectGithub(outDir: string, ctx: CollectContext<GithubConfig>, extras: CollectExtras = {}): Promise<CollectResult & { notModified: number; fetched: number }> {
  const config = ctx.config;
  if (!config?.orgs?.length) throw new SourceError('github', 'config github.orgs lists no organization to collect');
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    ctx.progress.step(`github: ${m}`);
  };
  const counter = { requests: 0 };
  const totals = { notModified: 0, fetched: 0 };
  const containers: string[] = [];
  const failed: CollectResult['failed'] = [];
  const root = join(outDir, 'github');
  await mkdir(root, { recursive: true });
  for (const org of config.orgs) {
    ctx.progress.step(`github: collecting org ${org}`);
    const partial = join(root, `.${org}.partial`);
    const cache = new EtagCache(join(ctx.stateDir, `${org}.etags.json`));
    await rm(partial, { recursive: true, force: true });
    try {
      await cache.load();
      const client = await clientFor(org, { config, warn, tuning: extras.tuning, env: extras.env });
      useCache(client, cache, counter);
      await collectOrg(client, org, partial, { concurrency: config.concurrency ?? 4, auditLogDays: config.auditLogDays, now: ctx.now, warn });
      await rm(join(root, org), { recursive: true, force: true });
      await rename(partial, join(root, org));
      // Saved only after a complete org: a failed run never leaves ETags for files it did not write.
      await cache.save();
      containers.push(org);
    } catch (e) {
      await rm(partial, { recursive: true, force: true });
      failed.push({ container: org, error: errorMessage(e) });
    }
    totals.notModified += cache.stats.notModified;
    totals.fetched += cache.stats.fetched;
  }
  return { containers, failed, warnings, requests: counter.requests, ...totals };
}

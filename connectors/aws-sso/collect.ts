// Live IAM Identity Center -> `<outDir>/aws-sso/<instance-id>/` for every
// instance ListInstances returns (or the ones the config names), read from
// the organization's management or delegated administrator account. Each
// instance is written into a side folder and moved into place only when
// complete: a failed call fails that instance alone and leaves no half folder
// for the scan to mistake for it. CloudTrail is not collected here: copy the
// organization trail's files into `cloudtrail/` to judge dormancy.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ListInstancesCommand, type InstanceMetadata } from '@aws-sdk/client-sso-admin';
import pLimit from 'p-limit';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { CallCounter, callError, instrument, ssoClients } from './collect-clients.js';
import { collectInstance, type InstanceTarget } from './collect-instance.js';
import type { AwsSsoConfig } from './config.js';
import { INSTANCE_ID, SOURCE, instanceIdOf } from './files.js';

export interface SsoCollectStats {
  instances: string[];
  failed: CollectResult['failed'];
  warnings: string[];
  /** Logical API calls per operation. */
  calls: Record<string, number>;
  totalCalls: number;
  totalHttpRequests: number;
  assignments: number;
}

const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

export async function collectAwsSso(outDir: string, ctx: CollectContext<AwsSsoConfig>, env: NodeJS.ProcessEnv = process.env): Promise<SsoCollectStats> {
  const config = ctx.config;
  const counter = new CallCounter();
  const limit = pLimit(config?.concurrency ?? 4);
  const clients = await ssoClients(config, env);
  instrument(clients.admin, counter);
  instrument(clients.store, counter);
  const stats: SsoCollectStats = { instances: [], failed: [], warnings: [], calls: {}, totalCalls: 0, totalHttpRequests: 0, assignments: 0 };
  try {
    const listed: InstanceMetadata[] = [];
    let NextToken: string | undefined;
    do {
      const page = await clients.admin.send(new ListInstancesCommand({ NextToken })).catch((e: unknown) => Promise.reject(callError('SSOAdmin ListInstances', undefined, e)));
      for (const i of page.Instances ?? []) listed.push(i);
      NextToken = page.NextToken;
    } while (NextToken);
    const wanted = config?.instances?.map(instanceIdOf);
    const targets: InstanceTarget[] = [];
    for (const i of listed) {
      const instanceId = instanceIdOf(i.InstanceArn ?? '');
      if (wanted && !wanted.includes(instanceId)) continue;
      if (!INSTANCE_ID.test(instanceId) || !i.IdentityStoreId) {
        stats.warnings.push(`${SOURCE}: ListInstances returned an instance without a usable ARN or identity store, skipped`);
        continue;
      }
      targets.push({ instanceArn: i.InstanceArn!, instanceId, identityStoreId: i.IdentityStoreId });
    }
    for (const w of wanted ?? []) {
      if (!targets.some((t) => t.instanceId === w)) stats.failed.push({ container: w, error: `${SOURCE}: instance ${w} (config aws-sso.instances) is not among the instances ListInstances returns` });
    }
    if (!targets.length && !stats.failed.length) throw new SourceError(SOURCE, 'ListInstances returned no IAM Identity Center instance: collect from the management or delegated administrator account');

    const root = join(outDir, SOURCE);
    await mkdir(root, { recursive: true });
    for (const t of targets) {
      const partial = join(root, `.${t.instanceId}.partial`);
      await rm(partial, { recursive: true, force: true });
      // After a failed call, calls still queued for this instance are dropped instead of sent.
      let stopped = false;
      const gate = <T>(fn: () => Promise<T>): Promise<T> => limit(() => (stopped ? Promise.reject(new SourceError(SOURCE, 'stopped after an earlier failure')) : fn()));
      try {
        const got = await collectInstance(clients, t, partial, gate, (m) => ctx.progress.step(`${SOURCE}: ${t.instanceId}: ${m}`));
        await rm(join(root, t.instanceId), { recursive: true, force: true });
        await rename(partial, join(root, t.instanceId));
        stats.instances.push(t.instanceId);
        stats.assignments += got.assignments;
      } catch (e) {
        stopped = true;
        await rm(partial, { recursive: true, force: true });
        stats.failed.push({ container: t.instanceId, error: errorMessage(e) });
      }
    }
  } finally {
    clients.destroy();
    stats.calls = sorted(counter.calls);
    stats.totalCalls = counter.total(counter.calls);
    stats.totalHttpRequests = counter.total(counter.attempts);
  }
  return stats;
}

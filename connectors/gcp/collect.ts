// Live GCP -> gcp/<project-id>/ folders of a snapshot. Projects run a few at
// a time (p-limit); one that fails (a 403, a server that keeps erring) is
// reported with the call and the missing permission, and the others are
// written. A service account key is never requested, written or logged.
import pLimit from 'p-limit';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage } from '../../src/util/errors.js';
import type { GcpConfig } from './config.js';
import { gcpClients, type GcpClients } from './collect-clients.js';
import { discoverProjects } from './collect-projects.js';
import { collectProject } from './collect-project.js';

export async function collectGcp(outDir: string, ctx: CollectContext<GcpConfig>, clients: GcpClients = gcpClients(ctx.config)): Promise<CollectResult> {
  let requests = 0;
  const count = () => void requests++;
  const projects = await discoverProjects(clients, ctx.config, count);
  ctx.progress.step(`gcp: collecting ${projects.length} project${projects.length === 1 ? '' : 's'}`);
  const limit = pLimit(ctx.config?.concurrency ?? 4);
  const result: CollectResult = { containers: [], failed: [], warnings: [] };
  await Promise.all(
    projects.map((projectId) =>
      limit(async () => {
        try {
          await collectProject({
            projectId,
            clients,
            outDir,
            progress: ctx.progress,
            callConcurrency: ctx.config?.callConcurrency ?? 8,
            count,
            secretManager: ctx.config?.secretManager === true,
          });
          result.containers.push(projectId);
        } catch (e) {
          const error = errorMessage(e);
          ctx.progress.step(`gcp ${projectId}: FAILED, not written: ${error}`);
          result.failed.push({ container: projectId, error });
        }
      }),
    ),
  );
  result.containers.sort();
  result.failed.sort((a, b) => a.container.localeCompare(b.container));
  result.requests = requests;
  return result;
}

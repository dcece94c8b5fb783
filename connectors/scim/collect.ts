// Live SCIM -> `scim/<app>/Users.json` and `Groups.json`, one app at a time.
// An app whose token is missing or refused, or whose server fails, fails
// alone: nothing of it is written and the other apps still collect.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import type { ScimConfig } from './config.js';
import { listAll, type ScimPageStats } from './client.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function listResponse(resources: Record<string, unknown>[]): string {
  return JSON.stringify(
    { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources },
    null,
    2,
  ) + '\n';
}

export async function collectScim(outDir: string, ctx: CollectContext<ScimConfig>): Promise<CollectResult> {
  const result: CollectResult = { containers: [], failed: [], warnings: [], requests: 0 };
  const apps = Object.entries(ctx.config?.apps ?? {}).filter(([, a]) => a.baseUrl);
  if (!apps.length) throw new SourceError('scim', 'no app with a baseUrl under scim.apps in the config');
  for (const [app, conf] of apps) {
    const stats: ScimPageStats = { requests: 0 };
    try {
      if (!/^[A-Za-z0-9._-]+$/.test(app)) throw new SourceError('scim', `app name "${app}" cannot be a folder name`);
      const envName = conf.tokenEnv ?? `SCIM_TOKEN_${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      const token = process.env[envName];
      if (!token) throw new SourceError('scim', `the environment variable ${envName} that holds the app's token is not set`);
      ctx.progress.step(`scim: ${app}: reading Users and Groups`);
      const size = conf.pageSize ?? 100;
      const users = await listAll(conf.baseUrl!, 'Users', token, size, stats);
      const groups = await listAll(conf.baseUrl!, 'Groups', token, size, stats);
      // Written only once both lists are complete: a half-read app leaves no files.
      const dir = join(outDir, 'scim', app);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'Users.json'), listResponse(users));
      await writeFile(join(dir, 'Groups.json'), listResponse(groups));
      result.containers.push(app);
    } catch (e) {
      const error = errorMessage(e);
      ctx.progress.step(`scim: ${app} FAILED: ${error}`);
      result.failed.push({ container: app, error });
    } finally {
      result.requests! += stats.requests;
    }
  }
  return result;
}

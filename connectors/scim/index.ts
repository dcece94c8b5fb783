// The SCIM 2.0 connector: any number of apps, one container each
// (`scim/<app>/Users.json`, `Groups.json`), offline or live from each app's
// SCIM base URL. A broken file or a refused token fails that app only.
import { join } from 'node:path';
import { emptyBatch } from '../../src/graph/records.js';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { errorMessage } from '../../src/util/errors.js';
import { privilegedGroupsOf, scimConfigSchema, type ScimConfig } from './config.js';
import { mapApp } from './map.js';
import { listApps, readApp } from './read.js';
import { scimRemediations } from './remediation.js';

export const scimConnector: Connector<ScimConfig> = {
  source: 'scim',
  label: 'SCIM',
  hasContainers: true,
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'user' },
    { type: 'group', label: 'Entitlement', words: 'group' },
  ],
  configSchema: scimConfigSchema,
  async loadSnapshot(ctx): Promise<SourceLoad> {
    const dir = join(ctx.snapshotDir, 'scim');
    const load: SourceLoad = { containers: [], failed: [], graph: emptyBatch(), warnings: [] };
    for (const app of await listApps(dir)) {
      ctx.progress.step(`scim: reading app ${app}`);
      try {
        const conf = ctx.config?.apps?.[app];
        const mapped = mapApp(await readApp(dir, app), {
          privilegedGroups: privilegedGroupsOf(ctx.config, app),
          baseUrl: conf?.baseUrl ?? null,
          tokenEnv: conf?.tokenEnv ?? null,
        });
        // Push only once the whole app mapped: a broken file leaves nothing of it.
        for (const n of mapped.graph.nodes) load.graph.nodes.push(n);
        for (const e of mapped.graph.edges) load.graph.edges.push(e);
        load.warnings.push(...mapped.warnings);
        load.containers.push(app);
      } catch (e) {
        load.failed.push({ container: app, error: errorMessage(e) });
      }
    }
    return load;
  },
  async collect(outDir, ctx) {
    const { collectScim } = await import('./collect.js');
    return collectScim(outDir, ctx);
  },
  remediations: scimRemediations,
};

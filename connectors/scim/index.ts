// The SCIM 2.0 connector: any number of apps, one container each
// (`scim/<app>/Users.json`, `Groups.json`), offline or live from each app's
// SCIM base URL. A broken file or a refused token fails that app only.
import { join } from 'node:path';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { loadContainers } from '../lib/containers.js';
import { privilegedGroupsOf, scimConfigSchema, type ScimConfig } from './config.js';
import { scimRemediations } from './remediation.js';
import { scimRevocations } from './actions.js';

export const scimConnector: Connector<ScimConfig> = {
  source: 'scim',
  label: 'SCIM',
  hasContainers: true,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: ['Users.json', 'Groups.json'],
  // An app maps from its own folder and the config alone, never from the scan's now.
  skipsUnchanged: true,
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'user' },
    { type: 'group', label: 'Entitlement', words: 'group' },
  ],
  configSchema: scimConfigSchema,
  async loadSnapshot(ctx): Promise<SourceLoad> {
    const dir = join(ctx.snapshotDir, 'scim');
    const [{ listApps, readApp }, { mapApp }] = await Promise.all([import('./read.js'), import('./map.js')]);
    // Each app is read and mapped completely before it counts: a broken file leaves nothing of it.
    return loadContainers(
      'scim',
      await listApps(dir),
      async (app) => {
        const conf = ctx.config?.apps?.[app];
        return mapApp(await readApp(dir, app), {
          privilegedGroups: privilegedGroupsOf(ctx.config, app),
          baseUrl: conf?.baseUrl ?? null,
          tokenEnv: conf?.tokenEnv ?? null,
        });
      },
      ctx,
    );
  },
  async collect(outDir, ctx) {
    const { collectScim } = await import('./collect.js');
    return collectScim(outDir, ctx);
  },
  remediations: scimRemediations,
  revocations: scimRevocations,
};

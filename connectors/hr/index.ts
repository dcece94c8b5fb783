// The HR connector: an offline export only (HR systems give no API we read).
// HR has no containers: a broken file fails the whole source.
import type { Connector } from '../../src/sources/connector.js';
import { loadWhole } from '../lib/containers.js';
import { hrConfigSchema, type HrConfig } from './config.js';

export const hrConnector: Connector<HrConfig> = {
  source: 'hr',
  label: 'HR',
  hasContainers: false,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: ['people.csv', 'events.csv'],
  subjectTypes: [{ type: 'person', label: 'Person', words: 'person' }],
  configSchema: hrConfigSchema,
  loadSnapshot: (ctx) =>
    loadWhole('hr', async () => {
      const [{ readHr }, { mapHr }] = await Promise.all([import('./read.js'), import('./map.js')]);
      const { people, events, warnings } = await readHr(ctx.snapshotDir, ctx.config ?? {});
      return { graph: mapHr(people, events, ctx.now), warnings };
    }, ctx),
};

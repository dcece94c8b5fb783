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
  // People map with the scan's now only through the dates in the files: an unchanged export is not read again until one of them comes.
  skipsUnchanged: true,
  subjectTypes: [{ type: 'person', label: 'Person', words: 'person' }],
  configSchema: hrConfigSchema,
  loadSnapshot: (ctx) =>
    loadWhole('hr', async () => {
      const [{ readHr }, { mapHr, nextDateAfter }] = await Promise.all([import('./read.js'), import('./map.js')]);
      const { people, events, warnings } = await readHr(ctx.snapshotDir, ctx.config ?? {});
      return { graph: mapHr(people, events, ctx.now), warnings, validUntil: nextDateAfter(people, events, ctx.now) };
    }, ctx),
};

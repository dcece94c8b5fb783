// The catalog connector: Backstage descriptor files, offline only. The
// catalog has no containers: a broken file fails the whole source.
import type { Connector } from '../../src/sources/connector.js';
import { loadWhole } from '../lib/containers.js';

export const catalogConnector: Connector = {
  source: 'catalog',
  label: 'catalog',
  hasContainers: false,
  subjectTypes: [
    { type: 'service', label: 'Service', words: 'service' },
    { type: 'group', label: 'Team', words: 'team' },
    { type: 'user', label: 'CatalogUser', words: 'user' },
  ],
  loadSnapshot: (ctx) =>
    loadWhole('catalog', async () => {
      const [{ readCatalog }, { mapCatalog }] = await Promise.all([import('./read.js'), import('./map.js')]);
      const read = await readCatalog(ctx.snapshotDir);
      const { graph, warnings } = mapCatalog(read.entities);
      return { graph, warnings: [...read.warnings, ...warnings] };
    }, ctx),
};

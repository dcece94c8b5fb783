// The catalog connector: Backstage descriptor files, offline only.
import type { Connector, LoadContext, SourceLoad } from '../types.js';
import { mapCatalog } from './map.js';
import { readCatalog } from './read.js';

export const catalogConnector: Connector = {
  source: 'catalog',
  async loadSnapshot(ctx: LoadContext): Promise<SourceLoad> {
    const read = await readCatalog(ctx.snapshotDir);
    const { graph, warnings } = mapCatalog(read.entities);
    return { containers: [''], graph, warnings: [...read.warnings, ...warnings] };
  },
};

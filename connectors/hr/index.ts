// The HR connector: an offline export only (HR systems give no API we read).
import type { Connector, LoadContext, SourceLoad } from '../types.js';
import { mapHr } from './map.js';
import { readHr } from './read.js';

export const hrConnector: Connector = {
  source: 'hr',
  async loadSnapshot(ctx: LoadContext): Promise<SourceLoad> {
    const { people, events, warnings } = await readHr(ctx.snapshotDir, ctx.config.hr ?? {});
    return { containers: [''], graph: mapHr(people, events, ctx.now), warnings };
  },
};

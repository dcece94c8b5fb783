// A source whose connector is not built yet fails loudly, so a snapshot that
// holds its folder never looks "clean" by accident.
import type { Connector } from '../src/sources/connector.js';

export function notBuiltConnector(source: string, label: string): Connector {
  const why =
    `the ${label} connector is not built yet in this version of driftgraph; ` +
    `its snapshot folder ${source}/ was not loaded (leave it out with --sources to scan the rest cleanly)`;
  return {
    source,
    label,
    hasContainers: false,
    subjectTypes: [],
    async loadSnapshot() {
      return { containers: [], failed: [{ container: '', error: `${source}: ${why}` }], graph: { nodes: [], edges: [] }, warnings: [] };
    },
    async collect() {
      return { containers: [], failed: [{ container: '', error: `${source}: ${why}` }], warnings: [] };
    },
  };
}

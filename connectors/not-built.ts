// A source whose connector is not built yet fails loudly, so a snapshot that
// holds its folder never looks "clean" by accident.
import type { Connector, SourceName } from './types.js';
import { SourceError } from '../src/util/errors.js';

export function notBuiltConnector(source: SourceName): Connector {
  const fail = async (): Promise<never> => {
    throw new SourceError(
      source,
      `the ${source} connector is not built yet in this version of driftgraph; ` +
        `its snapshot folder ${source}/ was not loaded (leave it out with --sources to scan the rest cleanly)`,
    );
  };
  return { source, loadSnapshot: fail, collect: fail };
}

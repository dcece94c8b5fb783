// Every source driftgraph knows, in load order: people and the catalog first,
// so the systems that refer to them find them.
import type { Connector, SourceName } from './types.js';
import { SOURCE_NAMES } from './types.js';
import { hrConnector } from './hr/index.js';
import { catalogConnector } from './catalog/index.js';
import { awsConnector } from './aws/index.js';
import { notBuiltConnector } from './not-built.js';
import { gcpConnector } from './gcp/index.js';
import { asLegacyConnector } from './gcp/legacy-registry.js';

const BUILT: Partial<Record<SourceName, Connector>> = {
  hr: hrConnector,
  catalog: catalogConnector,
  aws: awsConnector,
  gcp: asLegacyConnector(gcpConnector),
};

export function connectorFor(source: SourceName): Connector {
  return BUILT[source] ?? notBuiltConnector(source);
}

export function isSourceName(name: string): name is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(name);
}

export { SOURCE_NAMES };

// Every source driftgraph knows, in load order: people and the catalog first,
// so the systems that refer to them find them.
import type { Connector, SourceName } from './types.js';
import { SOURCE_NAMES } from './types.js';
import { hrConnector } from './hr/index.js';
import { catalogConnector } from './catalog/index.js';
import { awsConnector } from './aws/index.js';
import { notBuiltConnector } from './not-built.js';
import { fromContract } from './contract-bridge.js';
import type { RemediationTemplate } from '../src/sources/connector.js';
import { scimConnector } from './scim/index.js';
import { oktaConnector } from './okta/index.js';
import { devicesConnector } from './devices/index.js';

/** Sources written against the new contract (src/sources/connector.ts). */
const CONTRACT = [scimConnector, oktaConnector, devicesConnector];

const BUILT: Partial<Record<SourceName, Connector>> = {
  hr: hrConnector,
  catalog: catalogConnector,
  aws: awsConnector,
  ...Object.fromEntries(CONTRACT.map((c) => [c.source, fromContract(c)])),
};

/** Remediation templates of one action, the subject's own source first. */
export function remediationTemplates(action: string, subjectSource: string): RemediationTemplate[] {
  const ordered = [...CONTRACT].sort((a, b) => Number(b.source === subjectSource) - Number(a.source === subjectSource));
  return ordered.map((c) => c.remediations?.[action]).filter((t): t is RemediationTemplate => t !== undefined);
}

export function connectorFor(source: SourceName): Connector {
  return BUILT[source] ?? notBuiltConnector(source);
}

export function isSourceName(name: string): name is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(name);
}

export { SOURCE_NAMES };

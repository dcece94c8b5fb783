// Every source driftgraph knows, in load order: people and the catalog first,
// so the systems that refer to them find them. Adding a source is one folder
// under connectors/ and one line here.
import type { Registry } from '../src/sources/connector.js';
import { hrConnector } from './hr/index.js';
import { catalogConnector } from './catalog/index.js';
import { awsConnector } from './aws/index.js';
import { awsSsoConnector } from './aws-sso/index.js';
import { gcpConnector } from './gcp/index.js';
import { githubConnector } from './github/index.js';
import { scimConnector } from './scim/index.js';
import { oktaConnector } from './okta/index.js';
import { devicesConnector } from './devices/index.js';
import { entraConnector } from './entra/index.js';
import { kubernetesConnector } from './kubernetes/index.js';
import { aiConnector } from './ai/index.js';
import { vaultConnector } from './vault/index.js';

export const registry: Registry = [
  hrConnector,
  catalogConnector,
  awsConnector,
  awsSsoConnector,
  gcpConnector,
  githubConnector,
  scimConnector,
  oktaConnector,
  entraConnector,
  vaultConnector,
  devicesConnector,
  kubernetesConnector,
  aiConnector,
];

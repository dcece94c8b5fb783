// The Okta connector: sign-in context from the System Log
// (`okta/system-log.json`, or live `/api/v1/logs`). No containers: a broken
// file fails the whole source.
import type { Connector } from '../../src/sources/connector.js';
import { oktaConfigSchema, type OktaConfig } from './config.js';
import { oktaRemediations } from './remediation.js';

export const oktaConnector: Connector<OktaConfig> = {
  source: 'okta',
  label: 'Okta',
  hasContainers: false,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: ['system-log.json'],
  // Sign-ins are grouped as the log says, whatever the scan's now: an unchanged log is not read again.
  skipsUnchanged: true,
  subjectTypes: [{ type: 'sign-in', label: 'Activity', words: 'sign-in' }],
  configSchema: oktaConfigSchema,
  // The reader loads when a scan reads Okta (load.ts): other commands need only what is above.
  loadSnapshot: async (ctx) => (await import('./load.js')).loadOktaSnapshot(ctx),
  async collect(outDir, ctx) {
    const { collectOkta } = await import('./collect.js');
    return collectOkta(outDir, ctx);
  },
  remediations: oktaRemediations,
};

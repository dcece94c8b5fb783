// The Okta connector: sign-in context from the System Log
// (`okta/system-log.json`, or live `/api/v1/logs`). No containers: a broken
// file fails the whole source.
import { join } from 'node:path';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { failureOf } from '../lib/containers.js';
import { emptyBatch } from '../../src/graph/records.js';
import { oktaConfigSchema, type OktaConfig } from './config.js';
import { forEachArrayItem } from './json-stream.js';
import { mapSignIns } from './map.js';
import { oktaRemediations } from './remediation.js';
import { addEvent, newTally } from './sign-ins.js';

export const LOG_FILE = 'okta/system-log.json';

export const oktaConnector: Connector<OktaConfig> = {
  source: 'okta',
  label: 'Okta',
  hasContainers: false,
  subjectTypes: [{ type: 'sign-in', label: 'Activity', words: 'sign-in' }],
  configSchema: oktaConfigSchema,
  async loadSnapshot(ctx): Promise<SourceLoad> {
    const tally = newTally();
    try {
      await forEachArrayItem('okta', join(ctx.snapshotDir, LOG_FILE), LOG_FILE, (value, i, line) => {
        // A page of events written as a nested list is read as its events.
        if (Array.isArray(value)) value.forEach((e, j) => addEvent(tally, e, `$[${i}][${j}]`, LOG_FILE, line));
        else addEvent(tally, value, `$[${i}]`, LOG_FILE, line);
        if (tally.events % 200_000 === 0) ctx.progress.step(`okta: ${tally.events.toLocaleString('en')} events read`);
      });
    } catch (e) {
      return { containers: [], failed: [failureOf('', e)], graph: emptyBatch(), warnings: [] };
    }
    const warnings: string[] = [];
    if (tally.unknownCountries.size) {
      warnings.push(`${LOG_FILE}: country name(s) with no ISO 3166-1 code, not judged by country: ${[...tally.unknownCountries].slice(0, 10).join(', ')}`);
    }
    if (tally.noActor) warnings.push(`${LOG_FILE}: ${tally.noActor} sign-in(s) without actor.alternateId skipped`);
    ctx.progress.step(
      `okta: ${tally.events} events, ${tally.signIns} successful sign-ins in ${tally.groups.size} (person, country, device) groups; ${tally.notSuccessful} not successful`,
    );
    return { containers: [''], failed: [], graph: mapSignIns(tally.groups.values(), ctx.config?.baseUrl ?? null), warnings };
  },
  async collect(outDir, ctx) {
    const { collectOkta } = await import('./collect.js');
    return collectOkta(outDir, ctx);
  },
  remediations: oktaRemediations,
};

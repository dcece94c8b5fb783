// Reading the Okta System Log snapshot (`okta/system-log.json`) into sign-in
// context: loaded when a scan reads Okta, not by every command (index.ts).
import { join } from 'node:path';
import type { LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { loadWhole, type ContainerRead } from '../lib/containers.js';
import type { OktaConfig } from './config.js';
import { forEachArrayItem } from '../lib/json-stream.js';
import { mapSignIns } from './map.js';
import { addEvent, newTally } from './sign-ins.js';
import { EventTally } from '../lib/events.js';
import { checkValueSizes, MAX_JSON_STRING } from '../lib/json.js';
import { redactText } from '../../src/util/redact.js';

export const LOG_FILE = 'okta/system-log.json';

export function loadOktaSnapshot(ctx: LoadContext<OktaConfig>): Promise<SourceLoad> {
  return loadWhole('okta', () => readSystemLog(ctx), ctx);
}

async function readSystemLog(ctx: LoadContext<OktaConfig>): Promise<ContainerRead> {
  const tally = newTally();
  // An event log: an unreadable event is skipped and counted (connectors/lib/events.ts).
  const events = new EventTally('okta', ctx.shared.maxBadEventShare);
  const warnings: string[] = [];
  await forEachArrayItem('okta', join(ctx.snapshotDir, LOG_FILE), LOG_FILE, (value, i, line) => {
    // A page of events written as a nested list is read as its events.
    // An event with a value no provider field holds (megabytes) is unreadable like any other.
    const read = (e: unknown, at: string) => () => {
      checkValueSizes(e, LOG_FILE, 'okta', MAX_JSON_STRING, at);
      addEvent(tally, e, at, LOG_FILE, line);
    };
    if (Array.isArray(value)) value.forEach((e, j) => events.read(LOG_FILE, `$[${i}][${j}]`, read(e, `$[${i}][${j}]`)));
    else events.read(LOG_FILE, `$[${i}]`, read(value, `$[${i}]`));
    if (tally.events % 200_000 === 0) ctx.progress.step(`okta: ${tally.events.toLocaleString('en')} events read`);
  });
  for (const w of events.finish()) warnings.push(w);
  if (tally.unknownCountries.size) {
    // Provider text in a warning: redacted like everything else it says.
    const names = [...tally.unknownCountries].slice(0, 10).map((n) => redactText(n).slice(0, 60));
    warnings.push(`${LOG_FILE}: country name(s) with no ISO 3166-1 code, not judged by country: ${names.join(', ')}`);
  }
  if (tally.noActor) warnings.push(`${LOG_FILE}: ${tally.noActor} sign-in(s) without actor.alternateId skipped`);
  ctx.progress.step(
    `okta: ${tally.events} events, ${tally.signIns} successful sign-ins in ${tally.groups.size} (person, country, device) groups; ${tally.notSuccessful} not successful`,
  );
  return { graph: mapSignIns(tally.groups.values(), ctx.config?.baseUrl ?? null), warnings };
}

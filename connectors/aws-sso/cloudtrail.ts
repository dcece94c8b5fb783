// Identity Center sign-ins in CloudTrail (the organization trail's files for
// the instance, `cloudtrail/*.json` or `*.json.gz`, `{"Records": [...]}`) ->
// the latest use per Identity Store user. Counted as use: a successful
// sign-in (`signin.amazonaws.com` UserAuthentication / CredentialVerification,
// `sso.amazonaws.com` Authenticate / Federate) and a role-credential fetch
// from the access portal (`GetRoleCredentials`), each naming the user in
// `userIdentity.onBehalfOf.userId`. A record that names no user, another
// identity store, or a failure is not use. A log is not an inventory: an
// unreadable record is skipped and counted (connectors/lib/events.ts).
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import { EventTally } from '../lib/events.js';
import { gunzipCapped, listRegularFiles, readRegularFile, utf8Text } from '../lib/files.js';
import { parseJsonText } from '../lib/json.js';
import { FILES, SOURCE, instanceFile } from './files.js';
import type { SignInUse } from './model.js';

const USE_EVENTS = new Set(['UserAuthentication', 'CredentialVerification', 'Authenticate', 'Federate', 'GetRoleCredentials']);
const USE_SOURCES = new Set(['signin.amazonaws.com', 'sso.amazonaws.com', 'portal.sso.amazonaws.com']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function str(o: Record<string, unknown>, key: string, field: string): string | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new SourceError(SOURCE, `${field} is not a string`);
  return v;
}

/** The user a record speaks for, when it is a successful use by one of this store's users; else null. */
export function useOf(record: unknown, identityStoreIds: ReadonlySet<string>): { userId: string; at: string } | null {
  if (!isObject(record)) throw new SourceError(SOURCE, 'record is not an object');
  const at = toInstant(record.eventTime);
  if (!at) throw new SourceError(SOURCE, 'missing eventTime');
  const source = str(record, 'eventSource', 'eventSource');
  const name = str(record, 'eventName', 'eventName');
  if (!source || !name || !USE_SOURCES.has(source) || !USE_EVENTS.has(name)) return null;
  if (str(record, 'errorCode', 'errorCode')) return null;
  const details = record.serviceEventDetails;
  if (isObject(details) && Object.values(details).some((v) => typeof v === 'string' && /^fail/i.test(v))) return null;
  const ui = record.userIdentity;
  if (!isObject(ui)) return null;
  const behalf = ui.onBehalfOf;
  if (!isObject(behalf)) return null;
  const userId = str(behalf, 'userId', 'userIdentity.onBehalfOf.userId');
  if (!userId) return null;
  // An organization trail may carry another instance's users: match the store when the record names one.
  const store = str(behalf, 'identityStoreArn', 'userIdentity.onBehalfOf.identityStoreArn');
  if (store && identityStoreIds.size && !identityStoreIds.has(store.split('/').pop() ?? '')) return null;
  return { userId, at };
}

/** null when the instance has no `cloudtrail/` folder. */
export async function readSignIns(
  dir: string,
  instance: string,
  identityStoreIds: ReadonlySet<string>,
  maxBadShare: number | undefined,
): Promise<{ use: SignInUse | null; warnings: string[] }> {
  const rel = instanceFile(instance, FILES.cloudtrailDir);
  const files = await listRegularFiles(join(dir, FILES.cloudtrailDir), rel, SOURCE, (n) => n.endsWith('.json') || n.endsWith('.json.gz'));
  if (files === null) return { use: null, warnings: [] };
  const tally = new EventTally(SOURCE, maxBadShare);
  const use: SignInUse = { lastByUser: new Map(), events: 0 };
  for (const name of files) {
    const file = `${rel}/${name}`;
    const raw = (await readRegularFile(join(dir, FILES.cloudtrailDir, name), file, SOURCE))!;
    const text = utf8Text(name.endsWith('.gz') ? gunzipCapped(raw, file, SOURCE) : raw, file, SOURCE);
    const json = parseJsonText(text, file, SOURCE);
    const records = isObject(json) ? json.Records : undefined;
    if (!Array.isArray(records)) throw new SourceError(SOURCE, 'expected a CloudTrail log file: {"Records": [...]}', { file, path: '$.Records' });
    records.forEach((record, i) => {
      const hit = tally.read(file, `$.Records[${i}]`, () => useOf(record, identityStoreIds));
      if (!hit) return;
      use.events++;
      const prev = use.lastByUser.get(hit.userId);
      if (!prev || hit.at > prev) use.lastByUser.set(hit.userId, hit.at);
    });
  }
  return { use, warnings: tally.finish() };
}

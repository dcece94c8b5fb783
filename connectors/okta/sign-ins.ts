// Okta System Log events -> sign-ins (docs/rules.md "Sign-in"): events of type
// `user.session.start` or `user.authentication.sso` whose `outcome.result`
// is SUCCESS, aggregated per (person, country, device) as the graph keeps
// them. Everything else in the log is counted and skipped.
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import { ipKey } from '../lib/cidr.js';
import { FieldTypeError, optBoolean, optObject, optText } from '../lib/json.js';
import { redactText } from '../../src/util/redact.js';
import { countryCode } from './countries.js';

export const SIGN_IN_TYPES = new Set(['user.session.start', 'user.authentication.sso']);

export interface SignInGroup {
  /** `<email>|<country>|<device>`, `-` for an unknown part. */
  id: string;
  email: string;
  oktaUserId: string | null;
  country: string | null;
  countryName: string | null;
  deviceId: string | null;
  deviceName: string | null;
  /** Okta's own view of the device (`device.managed`), kept beside the inventory's. */
  oktaDeviceManaged: boolean | null;
  firstEventAt: string;
  lastEventAt: string;
  events: number;
  /** Of the latest sign-in in the group. */
  sourceIp: string | null;
  city: string | null;
  lastEventType: string;
  lastUserAgent: string | null;
}

export interface SignInTally {
  groups: Map<string, SignInGroup>;
  events: number;
  signIns: number;
  notSuccessful: number;
  noActor: number;
  unknownCountries: Set<string>;
}

export function newTally(): SignInTally {
  return { groups: new Map(), events: 0, signIns: 0, notSuccessful: 0, noActor: 0, unknownCountries: new Set() };
}

// Strict readers: a field of the wrong type makes the event unreadable (skipped and counted), never "absent".
const obj = (o: Record<string, unknown>, field: string): Record<string, unknown> => optObject(o, field) ?? {};
const text = (o: Record<string, unknown>, field: string): string | null => optText(o, field);

/** Add one LogEvent; throws SourceError (file, JSON path) for a sign-in that cannot be read. */
export function addEvent(t: SignInTally, event: unknown, path: string, file: string, line?: number): void {
  t.events++;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new SourceError('okta', 'the event is not a JSON object', { file, line, path });
  const e = event as Record<string, unknown>;
  try {
    addReadEvent(t, e);
  } catch (err) {
    if (!(err instanceof FieldTypeError)) throw err;
    throw new SourceError('okta', err.message, { file, line, path: `${path}.${err.field}` });
  }
}

function addReadEvent(t: SignInTally, e: Record<string, unknown>): void {
  if (!SIGN_IN_TYPES.has(text(e, 'eventType') ?? '')) return;
  if ((text(obj(e, 'outcome'), 'result') ?? '').toUpperCase() !== 'SUCCESS') {
    t.notSuccessful++;
    return;
  }
  let published: string | null;
  try {
    published = toInstant(e.published, { time: true, zone: true });
  } catch {
    published = null;
  }
  if (!published) throw new FieldTypeError('published', 'published is not an ISO 8601 timestamp with a time and zone, or not a real date');
  const actor = obj(e, 'actor');
  const email = text(actor, 'alternateId')?.toLowerCase() ?? null;
  if (!email) {
    t.noActor++;
    return;
  }
  t.signIns++;
  const client = obj(e, 'client');
  const geo = obj(client, 'geographicalContext');
  const countryName = text(geo, 'country');
  const country = countryCode(countryName);
  if (countryName && !country) t.unknownCountries.add(countryName);
  const device = obj(e, 'device');
  const deviceId = text(device, 'id');
  const id = `${email}|${country ?? '-'}|${deviceId ?? '-'}`;
  const prev = t.groups.get(id);
  const ip = text(client, 'ipAddress');
  const latest = !prev || published >= prev.lastEventAt;
  const g: SignInGroup = prev ?? {
    id,
    email,
    oktaUserId: null,
    country,
    countryName,
    deviceId,
    deviceName: null,
    oktaDeviceManaged: null,
    firstEventAt: published,
    lastEventAt: published,
    events: 0,
    sourceIp: null,
    city: null,
    lastEventType: String(e.eventType),
    lastUserAgent: null,
  };
  g.events++;
  if (published < g.firstEventAt) g.firstEventAt = published;
  if (latest) {
    g.lastEventAt = published;
    g.oktaUserId = text(actor, 'id') ?? g.oktaUserId;
    g.countryName = countryName;
    g.deviceName = text(device, 'name') ?? g.deviceName;
    g.oktaDeviceManaged = optBoolean(device, 'managed') ?? g.oktaDeviceManaged;
    g.sourceIp = ip;
    g.city = text(geo, 'city');
    g.lastEventType = String(e.eventType);
    // User agents sometimes carry a token (a script's header): keep the agent, not the token.
    const agent = text(obj(client, 'userAgent'), 'rawUserAgent');
    g.lastUserAgent = agent === null ? null : redactText(agent);
  }
  t.groups.set(id, g);
}

export { ipKey };

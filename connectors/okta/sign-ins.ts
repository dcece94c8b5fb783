// Okta System Log events -> sign-ins (docs/rules.md "Sign-in"): events of type
// `user.session.start` or `user.authentication.sso` whose `outcome.result`
// is SUCCESS, aggregated per (person, country, device) as the graph keeps
// them. Everything else in the log is counted and skipped.
import { SourceError } from '../../src/util/errors.js';
import { strictInstant } from '../../src/util/time.js';
import { ipKey } from '../lib/cidr.js';
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

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | null =>
  typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : typeof v === 'number' ? String(v) : null;

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return null;
}

/** Add one LogEvent; throws SourceError (file, JSON path) for a sign-in that cannot be read. */
export function addEvent(t: SignInTally, event: unknown, path: string, file: string, line?: number): void {
  t.events++;
  const e = obj(event);
  if (!SIGN_IN_TYPES.has(String(e.eventType ?? ''))) return;
  if (String(obj(e.outcome).result ?? '').toUpperCase() !== 'SUCCESS') {
    t.notSuccessful++;
    return;
  }
  let published: string | null;
  try {
    published = strictInstant(e.published);
  } catch {
    published = null;
  }
  if (!published) throw new SourceError('okta', 'published is not an ISO 8601 timestamp', { file, line, path: `${path}.published` });
  const actor = obj(e.actor);
  const email = text(actor.alternateId)?.toLowerCase() ?? null;
  if (!email) {
    t.noActor++;
    return;
  }
  t.signIns++;
  const client = obj(e.client);
  const geo = obj(client.geographicalContext);
  const countryName = text(geo.country);
  const country = countryCode(countryName);
  if (countryName && !country) t.unknownCountries.add(countryName);
  const device = obj(e.device);
  const deviceId = text(device.id);
  const id = `${email}|${country ?? '-'}|${deviceId ?? '-'}`;
  const prev = t.groups.get(id);
  const ip = text(client.ipAddress);
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
    g.oktaUserId = text(actor.id) ?? g.oktaUserId;
    g.countryName = countryName;
    g.deviceName = text(device.name) ?? g.deviceName;
    g.oktaDeviceManaged = bool(device.managed) ?? g.oktaDeviceManaged;
    g.sourceIp = ip;
    g.city = text(geo.city);
    g.lastEventType = String(e.eventType);
    g.lastUserAgent = text(obj(client.userAgent).rawUserAgent);
  }
  t.groups.set(id, g);
}

export { ipKey };

// The SCIM, Okta and device parts of a test estate, in the files
// docs/snapshot-format.md names: scim/<app>/Users.json and Groups.json (RFC 7644
// ListResponses), okta/system-log.json (System Log LogEvents) and
// devices/devices.csv (an MDM export).

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimUserSpec {
  id: string;
  userName: string;
  /** Absent: the resource has no `active` (a partial resource: active). */
  active?: boolean;
  emails?: string[];
  employeeNumber?: string;
  /** A manager's SCIM id, written as a relative `$ref`. */
  manager?: string;
}

export interface ScimGroupSpec {
  id?: string;
  name: string;
  /** Member SCIM ids (users, nested groups, or ids that are in neither). */
  members: string[];
}

export interface ScimApp {
  name: string;
  users: ScimUserSpec[];
  groups?: ScimGroupSpec[];
}

export interface SignIn {
  email: string;
  time: string;
  /** As Okta writes it: an English country name. */
  country: string;
  ip?: string;
  /** Okta's device.id; null: the event has no device. */
  device?: string | null;
  outcome?: 'SUCCESS' | 'FAILURE';
  eventType?: string;
  oktaUserId?: string;
}

export interface DeviceSpec {
  id: string;
  owner?: string;
  platform?: string;
  managed: boolean;
  compliant: boolean;
  lastSeen?: string;
}

export const groupId = (app: string, name: string) => `g-${app}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');

export function scimUser(u: ScimUserSpec): Record<string, unknown> {
  const r: Record<string, unknown> = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    id: u.id,
    userName: u.userName,
    meta: { resourceType: 'User', created: '2024-02-01T09:00:00Z', lastModified: '2026-10-01T09:00:00.000Z' },
  };
  if (u.active !== undefined) r.active = u.active;
  if (u.emails) r.emails = u.emails.map((value, i) => ({ value, type: 'work', primary: i === 0 }));
  const ext: Record<string, unknown> = {};
  if (u.employeeNumber) ext.employeeNumber = u.employeeNumber;
  if (u.manager) ext.manager = { value: u.manager, $ref: `../Users/${u.manager}` };
  if (Object.keys(ext).length) r[ENTERPRISE] = ext;
  return r;
}

export const listResponse = (resources: object[]) =>
  JSON.stringify({ schemas: [LIST], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources }, null, 2);

export function scimGroup(app: string, g: ScimGroupSpec): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: g.id ?? groupId(app, g.name),
    displayName: g.name,
    members: g.members.map((value) => ({ value, $ref: `../Users/${value}` })),
  };
}

export function scimFiles(app: ScimApp): Record<string, string> {
  return {
    [`scim/${app.name}/Users.json`]: listResponse(app.users.map(scimUser)),
    [`scim/${app.name}/Groups.json`]: listResponse((app.groups ?? []).map((g) => scimGroup(app.name, g))),
  };
}

let uuid = 0;
/** `seq`: the event's number in its log (a log written twice is the same file); without it, a number unique in this process. */
export function logEvent(s: SignIn, seq = ++uuid + 0x10000000): Record<string, unknown> {
  return {
    uuid: `evt-${seq.toString(16).padStart(8, '0')}`,
    published: s.time.replace(/Z$/, '.000Z'),
    eventType: s.eventType ?? 'user.session.start',
    version: '0',
    severity: 'INFO',
    displayMessage: 'User login to Okta',
    actor: { id: s.oktaUserId ?? `00u${s.email.split('@')[0]}`, type: 'User', alternateId: s.email, displayName: s.email },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      ipAddress: s.ip ?? '198.51.100.7',
      geographicalContext: {
        city: 'Somewhere',
        state: null,
        country: s.country,
        // Okta writes numbers as strings and strings as numbers here and there.
        postalCode: 10115,
        geolocation: { lat: '52.52', lon: 13.4 },
      },
    },
    device: s.device === null ? null : { id: s.device ?? 'guo-unknown', name: 'laptop', os_platform: 'OSX', managed: false, registered: true },
    outcome: { result: s.outcome ?? 'SUCCESS', reason: null },
    target: [],
  };
}

export const oktaLog = (signIns: SignIn[]) => JSON.stringify(signIns.map((s, i) => logEvent(s, i + 1)), null, 1);

export function devicesCsv(devices: DeviceSpec[]): string {
  const rows = [['device_id', 'owner_email', 'platform', 'managed', 'compliant', 'last_seen']];
  for (const d of devices) {
    rows.push([d.id, d.owner ?? '', d.platform ?? 'macOS', String(d.managed), String(d.compliant), d.lastSeen ?? '2026-11-19T08:00:00Z']);
  }
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

export interface SaasEstate {
  scim?: ScimApp[];
  okta?: SignIn[];
  devices?: DeviceSpec[];
}

export function saasFiles(e: SaasEstate): Record<string, string> {
  const files: Record<string, string> = {};
  for (const app of e.scim ?? []) Object.assign(files, scimFiles(app));
  if (e.okta) files['okta/system-log.json'] = oktaLog(e.okta);
  if (e.devices) files['devices/devices.csv'] = devicesCsv(e.devices);
  return files;
}

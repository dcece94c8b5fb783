// `scim/<app>/Users.json` and `Groups.json` -> checked users and groups of one
// app. Partial resources load (RFC 7644 `attributes`): no `active` means
// active; no `emails` or `meta` means none known.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import { redactText } from '../../src/util/redact.js';
import { readJson } from './json.js';
import { FieldTypeError } from '../lib/json.js';
import { readFolder } from '../lib/folders.js';
import { listResources, optionalString, resourceId, type Located } from './resources.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimUser {
  id: string;
  userName: string | null;
  displayName: string | null;
  externalId: string | null;
  active: boolean;
  emails: string[];
  employeeNumber: string | null;
  /** The manager's SCIM id: `manager.value`, else the last segment of `manager.$ref` (absolute or relative). */
  managerId: string | null;
  createdAt: string | null;
  lastModifiedAt: string | null;
  /** Group ids the user resource itself lists (the read-only `groups` attribute). */
  groupIds: string[];
}

export interface ScimGroup {
  id: string;
  displayName: string;
  /** Member ids as listed (users or nested groups). */
  memberIds: string[];
}

export interface ScimApp {
  app: string;
  users: ScimUser[];
  groups: ScimGroup[];
  warnings: string[];
}

/** The app folders under `<snapshotDir>/scim/`, sorted. */
export async function listApps(scimDir: string): Promise<string[]> {
  return (await readFolder(scimDir, 'scim', 'scim')).folders;
}

function activeOf(r: Located, file: string): boolean {
  const v = r.value.active;
  if (v === undefined || v === null) return true;
  if (typeof v === 'boolean') return v;
  // Some apps write the boolean as a string.
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new SourceError('scim', 'active is not a boolean', { file, path: `${r.path}.active` });
}

function instantAt(v: unknown, file: string, path: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  try {
    return toInstant(v, { time: true, zone: true });
  } catch {
    throw new SourceError('scim', 'not an ISO 8601 timestamp', { file, path });
  }
}

const redactedText = (v: string | null): string | null => (v === null ? null : redactText(v));

function emailsOf(r: Located): string[] {
  const list = r.value.emails;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const e of list) {
    const v = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as Record<string, unknown>).value : null;
    if (typeof v === 'string' && v.includes('@')) out.push(v.trim().toLowerCase());
  }
  return [...new Set(out)];
}

function idsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const m of list) {
    const v = typeof m === 'object' && m !== null ? (m as Record<string, unknown>).value : m;
    const id = optionalString(v);
    if (id) out.push(id);
  }
  return out;
}

function managerIdOf(ext: Record<string, unknown> | undefined): string | null {
  const m = ext?.manager;
  if (typeof m === 'string') return optionalString(m);
  if (typeof m !== 'object' || m === null) return null;
  const value = optionalString((m as Record<string, unknown>).value);
  if (value) return value;
  const ref = optionalString((m as Record<string, unknown>).$ref);
  // `$ref` may be absolute (https://host/scim/v2/Users/26118915) or relative (../Users/26118915, Users/26118915).
  return ref ? decodeURIComponent(ref.replace(/[/?#]+$/, '').split(/[/]/).pop() ?? '') || null : null;
}

/** Read one resource; a field of the wrong type fails the file at its path. */
function strict<T>(r: Located, file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof FieldTypeError) throw new SourceError('scim', e.message, { file, path: e.field ? `${r.path}.${e.field}` : r.path });
    throw e;
  }
}

function objectField(o: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new FieldTypeError(field, `${field} is ${Array.isArray(v) ? 'a list' : `a ${typeof v}`}, expected an object`);
  return v as Record<string, unknown>;
}

function listField(o: Record<string, unknown>, field: string): unknown[] {
  const v = o[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldTypeError(field, `${field} is a ${typeof v}, expected a list`);
  return v;
}

export function readUsers(doc: unknown, file: string): ScimUser[] {
  const seen = new Map<string, string>();
  return listResources(doc, file).map((r) => strict(r, file, () => {
    const id = resourceId(r, file);
    const first = seen.get(id);
    if (first) throw new SourceError('scim', `id is already at ${first}`, { file, path: `${r.path}.id` });
    seen.set(id, r.path);
    const ext = objectField(r.value, ENTERPRISE);
    const meta = objectField(r.value, 'meta') ?? {};
    listField(r.value, 'emails');
    listField(r.value, 'groups');
    return {
      id,
      userName: optionalString(r.value.userName, 'userName'),
      // A display name is free text an admin typed: a token pasted there is replaced, not stored.
      displayName: redactedText(optionalString(r.value.displayName, 'displayName') ?? optionalString((r.value.name as Record<string, unknown> | undefined)?.formatted)),
      externalId: optionalString(r.value.externalId, 'externalId'),
      active: activeOf(r, file),
      emails: emailsOf(r),
      employeeNumber: optionalString(ext?.employeeNumber, `${ENTERPRISE}.employeeNumber`),
      managerId: managerIdOf(ext),
      createdAt: instantAt(meta.created, file, `${r.path}.meta.created`),
      lastModifiedAt: instantAt(meta.lastModified, file, `${r.path}.meta.lastModified`),
      groupIds: idsOf(r.value.groups),
    };
  }));
}

export function readGroups(doc: unknown, file: string): ScimGroup[] {
  const seen = new Map<string, string>();
  return listResources(doc, file).map((r) => strict(r, file, () => {
    const id = resourceId(r, file);
    const first = seen.get(id);
    if (first) throw new SourceError('scim', `id is already at ${first}`, { file, path: `${r.path}.id` });
    seen.set(id, r.path);
    const displayName = redactedText(optionalString(r.value.displayName, 'displayName'));
    if (!displayName) throw new SourceError('scim', 'displayName is missing', { file, path: `${r.path}.displayName` });
    listField(r.value, 'members');
    return { id, displayName, memberIds: idsOf(r.value.members) };
  }));
}

/** Read one app folder completely; throws SourceError naming file and JSON path. */
export async function readApp(scimDir: string, app: string): Promise<ScimApp> {
  const usersFile = `scim/${app}/Users.json`;
  const groupsFile = `scim/${app}/Groups.json`;
  const usersDoc = await readJson('scim', join(scimDir, app, 'Users.json'), usersFile);
  if (usersDoc === null) throw new SourceError('scim', 'missing: every app folder needs its Users.json', { file: usersFile });
  const users = readUsers(usersDoc, usersFile);
  const warnings: string[] = [];
  // Groups are optional (some apps have none); a Groups.json that exists but is broken still fails the app.
  const groupsDoc = await readJson('scim', join(scimDir, app, 'Groups.json'), groupsFile);
  if (groupsDoc === null) warnings.push(`${groupsFile}: absent; the app's accounts load without group memberships`);
  const groups = groupsDoc === null ? [] : readGroups(groupsDoc, groupsFile);
  return { app, users, groups, warnings };
}

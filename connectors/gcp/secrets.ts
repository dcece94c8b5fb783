// Google Secret Manager in gcp/<project>/: `secrets.json` (secrets.list) and
// `secret-versions/<secret>.json` (secrets.versions.list, one file per
// secret). Listings carry metadata only; a payload pasted in by mistake
// (`payload.data` from versions.access) is never read into a record.
import { join } from 'node:path';
import { toInstant } from '../../src/util/time.js';
import { listRegularFiles, readRegularText } from '../lib/files.js';
import { uniqueById } from '../lib/json.js';
import { withoutQuotedText } from '../lib/messages.js';
import { at as fieldAt, fileError, isObject, listItems, optString, parseJson, reqString, type Json } from './json.js';
import type { Secret, SecretVersion } from './model.js';
import { SECRETS_FILE, VERSIONS_DIR } from './files.js';

const SECRET_NAME = /^projects\/([^/]+)\/secrets\/([A-Za-z0-9_-]{1,255})$/;
const VERSION_NAME = /^projects\/([^/]+)\/secrets\/([A-Za-z0-9_-]{1,255})\/versions\/([^/]+)$/;

function instant(o: Json, field: string, path: string, file: string): string | null {
  const v = optString(o, field, path, file);
  if (v === null) return null;
  try {
    return toInstant(v, { time: true, zone: true });
  } catch (e) {
    throw fileError(file, fieldAt(o, path, field), `${field}: ${withoutQuotedText((e as Error).message)}`);
  }
}

/** `rotationPeriod`, a protobuf Duration (`2592000s`); anything else fails the file. */
function duration(o: Json, path: string, file: string): string | null {
  const v = optString(o, 'rotationPeriod', path, file);
  if (v !== null && !/^\d{1,12}(\.\d{1,9})?s$/.test(v)) throw fileError(file, fieldAt(o, path, 'rotationPeriod'), 'rotationPeriod is not a duration in seconds (such as 2592000s)');
  return v;
}

/** A map of strings (labels, annotations); anything else fails the file. */
function stringMap(o: Json, field: string, path: string, file: string): Record<string, string> {
  const v = o[field];
  if (v === undefined) return {};
  // Google leaves an empty map out and never writes null: read as "none", a null would drop an owner annotation.
  if (v === null) throw fileError(file, fieldAt(o, path, field), `${field} is null, expected a JSON object (an empty map is left out)`);
  if (!isObject(v)) throw fileError(file, fieldAt(o, path, field), `${field} is not a JSON object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    // The key is user data: the path names the field, never the key.
    if (typeof val !== 'string') throw fileError(file, fieldAt(o, path, field), `a value of ${field} is not a string`);
    out[k] = val;
  }
  return out;
}

export function parseSecrets(json: unknown, file: string): Omit<Secret, 'versions'>[] {
  const items = uniqueById('gcp', file, listItems(json, 'secrets', file), ({ value }) => String(value.name ?? ''), ({ path }) => path);
  return items.map(({ value: o, path }) => {
    const name = reqString(o, 'name', path, file);
    const m = SECRET_NAME.exec(name);
    if (!m) throw fileError(file, fieldAt(o, path, 'name'), 'name is not projects/PROJECT/secrets/SECRET_ID');
    const rotation = o.rotation;
    if (rotation !== undefined && rotation !== null && !isObject(rotation)) throw fileError(file, fieldAt(o, path, 'rotation'), 'rotation is not a JSON object');
    const rot = isObject(rotation) ? rotation : {};
    return {
      name,
      secretId: m[2]!,
      createTime: instant(o, 'createTime', path, file),
      expireTime: instant(o, 'expireTime', path, file),
      labels: stringMap(o, 'labels', path, file),
      annotations: stringMap(o, 'annotations', path, file),
      nextRotationTime: instant(rot, 'nextRotationTime', `${fieldAt(o, path, 'rotation')}`, file),
      rotationPeriod: duration(rot, `${fieldAt(o, path, 'rotation')}`, file),
    };
  });
}

export function parseVersions(json: unknown, file: string, secretId: string): SecretVersion[] {
  const items = uniqueById('gcp', file, listItems(json, 'versions', file), ({ value }) => String(value.name ?? ''), ({ path }) => path);
  return items.map(({ value: o, path }) => {
    const name = reqString(o, 'name', path, file);
    const m = VERSION_NAME.exec(name);
    if (!m) throw fileError(file, fieldAt(o, path, 'name'), 'name is not projects/PROJECT/secrets/SECRET_ID/versions/VERSION');
    if (m[2] !== secretId) throw fileError(file, fieldAt(o, path, 'name'), `a version of another secret than ${secretId}, which the file name says`);
    return { name, createTime: instant(o, 'createTime', path, file), state: optString(o, 'state', path, file) };
  });
}

/**
 * The project's secrets with their versions; null when `secrets.json` is
 * absent. A versions file of a secret the list does not hold is named in a
 * warning; a secret without one keeps `versions: null` (unknown).
 */
export async function readSecrets(dir: string, projectId: string, warnings: string[]): Promise<Secret[] | null> {
  const rel = (f: string) => `gcp/${projectId}/${f}`;
  const text = await readRegularText(join(dir, SECRETS_FILE), rel(SECRETS_FILE), 'gcp');
  if (text === null) return null;
  const secrets = parseSecrets(parseJson(text, rel(SECRETS_FILE)), rel(SECRETS_FILE));
  const files = (await listRegularFiles(join(dir, VERSIONS_DIR), rel(VERSIONS_DIR), 'gcp', (f) => f.endsWith('.json'))) ?? [];
  const byId = new Map<string, SecretVersion[]>();
  for (const f of files) {
    const secretId = f.replace(/\.json$/, '');
    const file = rel(`${VERSIONS_DIR}/${f}`);
    const vtext = await readRegularText(join(dir, VERSIONS_DIR, f), file, 'gcp');
    if (vtext === null) throw fileError(file, undefined, 'listed but gone when read (removed during the scan)');
    byId.set(secretId, parseVersions(parseJson(vtext, file), file, secretId));
  }
  const listed = new Set(secrets.map((s) => s.secretId));
  const strays = [...byId.keys()].filter((id) => !listed.has(id));
  if (strays.length) warnings.push(`${rel(VERSIONS_DIR)}/: ${strays.length} file(s) of secrets ${SECRETS_FILE} does not list, ignored`);
  const unknown = secrets.filter((s) => !byId.has(s.secretId)).length;
  if (unknown) warnings.push(`${rel(VERSIONS_DIR)}/: no versions file for ${unknown} secret(s): their versions are unknown (taken as active, aged from creation)`);
  return secrets.map((s) => ({ ...s, versions: byId.get(s.secretId) ?? null }));
}

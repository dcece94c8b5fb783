// `aws/<account>/secrets.json`: the metadata of AWS Secrets Manager secrets,
// as ListSecrets returns it (one response, an array of responses — one per
// page or region —, or the bare list of SecretListEntry). ListSecrets never
// returns a value, and only the fields named here are kept: a value pasted
// into the file by mistake (SecretString, SecretBinary from GetSecretValue)
// is never read into a record, and no error quotes file content.
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import { uniqueById } from '../lib/json.js';
import { withoutQuotedText } from '../lib/messages.js';
import type { AwsTag } from './model.js';
import { isObject } from './policy-document.js';

/** One secret's metadata, normalized (instants in the graph's one form). */
export interface SecretEntry {
  arn: string;
  name: string;
  /** From the ARN: ListSecrets is regional. */
  region: string;
  description: string | null;
  tags: AwsTag[];
  rotationEnabled: boolean;
  rotationDays: number | null;
  createdAt: string | null;
  lastChangedAt: string | null;
  lastRotatedAt: string | null;
  /** AWS keeps the day only (00:00 UTC of the day of the last read in the region). */
  lastAccessedDay: string | null;
  nextRotationAt: string | null;
  /** Set while the secret waits out its recovery window (ListSecrets with IncludePlannedDeletion). */
  deletedAt: string | null;
  /** The AWS service that created and manages it (`rds`, `appflow`, ...). */
  owningService: string | null;
  primaryRegion: string | null;
}

/** Secret names hold letters, digits and `/_+=.@-` (and `!` in names AWS services give, `rds!db-...`). */
const NAME = /^[A-Za-z0-9/_+=.@!-]{1,512}$/;
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([A-Za-z0-9/_+=.@!-]+)$/;

type Json = Record<string, unknown>;

function fail(file: string, path: string, why: string): never {
  throw new SourceError('aws', why, { file, path });
}

/** The SecretListEntry objects of the file, each with its JSON path. */
function entries(json: unknown, file: string): { value: Json; path: string }[] {
  const out: { value: Json; path: string }[] = [];
  const page = (p: Json, at: string) => {
    const list = p.SecretList;
    if (list === undefined) return; // an empty page: AWS may leave the list out
    if (!Array.isArray(list)) fail(file, `${at}.SecretList`, 'SecretList is not a JSON array');
    list.forEach((e, i) => {
      if (!isObject(e)) fail(file, `${at}.SecretList[${i}]`, 'not a JSON object');
      out.push({ value: e, path: `${at}.SecretList[${i}]` });
    });
  };
  const isPage = (v: unknown) => isObject(v) && ('SecretList' in v || 'NextToken' in v);
  if (isObject(json)) {
    if (!isPage(json)) fail(file, '$', 'expected the ListSecrets output ({"SecretList": [...]}), an array of them, or an array of secrets');
    page(json, '$');
  } else if (Array.isArray(json)) {
    json.forEach((v, i) => {
      if (isPage(v)) page(v as Json, `$[${i}]`);
      else if (isObject(v)) out.push({ value: v, path: `$[${i}]` });
      else fail(file, `$[${i}]`, 'not a JSON object');
    });
  } else {
    fail(file, '$', 'expected the ListSecrets output ({"SecretList": [...]}), an array of them, or an array of secrets');
  }
  return out;
}

function text(o: Json, field: string, path: string, file: string): string | null {
  const v = o[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') fail(file, `${path}.${field}`, `${field} is not a string`);
  return v;
}

/**
 * A timestamp as the CLI prints it (ISO 8601) or as the JSON API sends it
 * (epoch seconds, a number with a fraction).
 */
function instant(o: Json, field: string, path: string, file: string): string | null {
  const v = o[field];
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1e9 || v >= 1e10) fail(file, `${path}.${field}`, `${field}: not epoch seconds (outside 2001..2286)`);
    return new Date(Math.round(v * 1000)).toISOString();
  }
  try {
    return toInstant(v);
  } catch (e) {
    return fail(file, `${path}.${field}`, `${field}: ${withoutQuotedText((e as Error).message)}`);
  }
}

function tags(o: Json, path: string, file: string): AwsTag[] {
  const v = o.Tags;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(file, `${path}.Tags`, 'Tags is not a JSON array');
  return v.map((t, i) => {
    if (!isObject(t)) fail(file, `${path}.Tags[${i}]`, 'not a JSON object');
    if (typeof t.Key !== 'string' || t.Key === '') fail(file, `${path}.Tags[${i}].Key`, 'Key missing or not a string');
    if (typeof t.Value !== 'string') fail(file, `${path}.Tags[${i}].Value`, 'Value missing or not a string');
    return { Key: t.Key, Value: t.Value };
  });
}

function rotationDays(o: Json, path: string, file: string): number | null {
  const rules = o.RotationRules;
  if (rules === undefined || rules === null) return null;
  if (!isObject(rules)) fail(file, `${path}.RotationRules`, 'RotationRules is not a JSON object');
  const days = rules.AutomaticallyAfterDays;
  if (days === undefined || days === null) return null;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) fail(file, `${path}.RotationRules.AutomaticallyAfterDays`, 'AutomaticallyAfterDays is not a whole number of days');
  return days;
}

/** `secrets.json` -> checked entries; a SourceError naming the file and JSON path at the first problem. */
export function checkSecrets(json: unknown, file: string, accountId: string): SecretEntry[] {
  const list = entries(json, file).map(({ value: o, path }) => {
    const arn = text(o, 'ARN', path, file);
    if (arn === null) fail(file, `${path}.ARN`, 'ARN missing');
    const m = SECRET_ARN.exec(arn);
    if (!m) fail(file, `${path}.ARN`, 'ARN is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)');
    if (m[2] !== accountId) fail(file, `${path}.ARN`, `the secret's account is not ${accountId}, the folder's`);
    const name = text(o, 'Name', path, file) ?? fail(file, `${path}.Name`, 'Name missing');
    if (!NAME.test(name)) fail(file, `${path}.Name`, 'Name holds characters a secret name cannot');
    if (!m[3]!.startsWith(name)) fail(file, `${path}.ARN`, 'the ARN does not end with the secret\'s Name');
    const enabled = o.RotationEnabled;
    if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') fail(file, `${path}.RotationEnabled`, 'RotationEnabled is not true or false');
    const lastAccessed = instant(o, 'LastAccessedDate', path, file);
    return {
      path,
      entry: {
        arn,
        name,
        region: m[1]!,
        description: text(o, 'Description', path, file),
        tags: tags(o, path, file),
        rotationEnabled: enabled === true,
        rotationDays: rotationDays(o, path, file),
        createdAt: instant(o, 'CreatedDate', path, file),
        lastChangedAt: instant(o, 'LastChangedDate', path, file),
        lastRotatedAt: instant(o, 'LastRotatedDate', path, file),
        lastAccessedDay: lastAccessed === null ? null : lastAccessed.slice(0, 10),
        nextRotationAt: instant(o, 'NextRotationDate', path, file),
        deletedAt: instant(o, 'DeletedDate', path, file),
        owningService: text(o, 'OwningService', path, file),
        primaryRegion: text(o, 'PrimaryRegion', path, file),
      } satisfies SecretEntry,
    };
  });
  // Pages that overlap list a secret twice; two different entries for one ARN fail the file.
  return uniqueById('aws', file, list.map((x) => x.entry), (e) => e.arn, (_, i) => list[i]!.path);
}

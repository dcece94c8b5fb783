// Reading Google's JSON files as they really come: one response object, or a
// JSON array of them (one per page), or the bare list `gcloud --format=json`
// prints; field names in camelCase (REST) or snake_case (client libraries'
// dumps). Every value keeps the JSON path it came from, so an error names the
// file and the path in the file as written.
import { notInFormat, OPAQUE_ID, type IdFormat } from '../lib/id-formats.js';
import { SourceError } from '../../src/util/errors.js';
import { parseJsonText } from '../lib/json.js';

export type Json = Record<string, unknown>;

/** A file that cannot be used: the reader adds the project. */
export function fileError(file: string, path: string | undefined, message: string, line?: number): SourceError {
  return new SourceError('gcp', message, { file, path, line });
}

/** JSON text -> value; on error the line of the first bad character, never the content. */
export function parseJson(text: string, file: string): unknown {
  return parseJsonText(text, file, 'gcp');
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `disable_reason` -> `disableReason`; names already camelCase stay. */
function camel(name: string): string {
  return /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name) ? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : name;
}

/** Maps whose keys are user data (attribute names), not field names: never renamed. */
const DATA_MAPS = new Set(['attributeMapping', 'labels', 'annotations', 'versionAliases']);

/** Field names as the file wrote them, kept beside the camelCase ones so errors name what is in the file. */
const WRITTEN = Symbol('written field names');

/** One object's field names in camelCase, recursively (lists and nested objects too). */
export function camelize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelize);
  if (!isObject(v)) return v;
  const out: Json = {};
  const written: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const key = camel(k);
    // A file may carry both spellings; the camelCase one (the REST form) wins.
    if (key in out && key !== k) continue;
    out[key] = DATA_MAPS.has(key) ? val : camelize(val);
    written[key] = k;
  }
  Object.defineProperty(out, WRITTEN, { value: written, enumerable: false });
  return out;
}

/** `path.field` with the field spelled as the file spells it (`valid_after_time` or `validAfterTime`). */
export function at(o: Json, path: string, field: string): string {
  const written = (o as { [WRITTEN]?: Record<string, string> })[WRITTEN];
  return `${path}.${written?.[field] ?? field}`;
}

export interface Item {
  value: Json;
  /** JSON path of the item in the file, e.g. `$[1].accounts[3]`. */
  path: string;
}

/**
 * The items of a list file. Accepted: `[item, ...]`; `{<wrapper>: [...], nextPageToken}`;
 * `[{<wrapper>: [...]}, {<wrapper>: [...]}]` (pages). A page without its list
 * (Google omits empty lists) holds nothing. An item is told from a page by
 * having the wrapper key or, lacking it, only page fields.
 */
export function listItems(json: unknown, wrapper: string, file: string): Item[] {
  const items: Item[] = [];
  const fromPage = (page: Json, at: string) => {
    const key = wrapper in page ? wrapper : snake(wrapper) in page ? snake(wrapper) : null;
    if (key === null) return;
    const list = page[key];
    // Google omits an empty list; it never writes `"keys": null`, which read as "no keys" would resolve their findings.
    if (list === null) throw fileError(file, `${at}.${key}`, `${key} is null, expected a JSON array (an empty list is [] or left out)`);
    if (list === undefined) return;
    if (!Array.isArray(list)) throw fileError(file, `${at}.${key}`, `${key} is not a JSON array`);
    list.forEach((item, i) => items.push(itemAt(item, `${at}.${key}[${i}]`, file)));
  };
  if (isObject(json)) {
    // A whole file of `{}` is no response this file holds (the collector and gcloud write the list, even empty).
    if (Object.keys(json).length === 0) throw fileError(file, '$', `an empty object: expected a JSON array or an object with "${wrapper}"`);
    if (!isPage(json, wrapper)) throw fileError(file, '$', `expected a JSON array or an object with "${wrapper}"`);
    fromPage(json, '$');
    return items;
  }
  if (!Array.isArray(json)) throw fileError(file, '$', `expected a JSON array or an object with "${wrapper}"`);
  json.forEach((el, i) => {
    if (isObject(el) && isPage(el, wrapper)) fromPage(el, `$[${i}]`);
    else items.push(itemAt(el, `$[${i}]`, file));
  });
  return items;
}

const PAGE_FIELDS = new Set(['nextPageToken', 'next_page_token', 'unreachable', 'totalSize', 'total_size']);

function isPage(o: Json, wrapper: string): boolean {
  if (wrapper in o || snake(wrapper) in o) return true;
  const keys = Object.keys(o);
  return keys.length === 0 || keys.every((k) => PAGE_FIELDS.has(k));
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function itemAt(v: unknown, path: string, file: string): Item {
  if (!isObject(v)) throw fileError(file, path, 'not a JSON object');
  return { value: camelize(v) as Json, path };
}

/** A string field, or null when absent; anything else fails the file at its path. */
export function optString(o: Json, field: string, path: string, file: string): string | null {
  const v = o[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw fileError(file, at(o, path, field), `${field} is not a string`);
  return v;
}

export function reqString(o: Json, field: string, path: string, file: string): string {
  const v = optString(o, field, path, file);
  if (v === null) throw fileError(file, at(o, path, field), `${field} missing`);
  return v;
}

/** An identifier (a resource name, an email, a member): in `fmt`, else the project fails at its path, the value unquoted. */
export function reqId(o: Json, field: string, path: string, file: string, fmt: IdFormat = OPAQUE_ID): string {
  const v = reqString(o, field, path, file);
  if (!fmt.test(v)) throw fileError(file, at(o, path, field), notInFormat(fmt, field));
  return v;
}

export function optId(o: Json, field: string, path: string, file: string, fmt: IdFormat = OPAQUE_ID): string | null {
  return optString(o, field, path, file) === null ? null : reqId(o, field, path, file, fmt);
}

/** `true`/`false`, also as strings (some exports write them so); absent is false. */
export function optBool(o: Json, field: string, path: string, file: string): boolean {
  const v = o[field];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw fileError(file, at(o, path, field), `${field} is not true or false`);
}

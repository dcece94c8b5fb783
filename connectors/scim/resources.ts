// SCIM ListResponse files -> resources, each with its JSON path so every
// error names where it is. A file may hold one ListResponse (all pages'
// Resources merged, as docs/snapshot-format.md writes it), a JSON array of
// ListResponse pages, or a bare array of resources.
import { SourceError } from '../../src/util/errors.js';
import { append } from '../../src/util/arrays.js';
import { FieldTypeError } from '../lib/json.js';

export interface Located {
  path: string;
  value: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pageResources(page: Record<string, unknown>, path: string, file: string): Located[] {
  const list = page.Resources ?? page.resources;
  // An empty ListResponse may leave Resources out (RFC 7644 3.4.2), and then
  // says totalResults: 0. Without either, the file is not a ListResponse
  // (a `{}`), and read as "no users" it would resolve every finding.
  if (list === undefined && (page.totalResults === 0 || page.totalResults === '0')) return [];
  if (list === undefined || list === null) {
    throw new SourceError('scim', 'no Resources list, and totalResults is not 0: not a SCIM ListResponse', { file, path: `${path}.Resources` });
  }
  if (!Array.isArray(list)) throw new SourceError('scim', 'Resources is not a list', { file, path: `${path}.Resources` });
  return list.map((value, i) => {
    const at = `${path}.Resources[${i}]`;
    if (!isObject(value)) throw new SourceError('scim', 'a resource is not an object', { file, path: at });
    return { path: at, value };
  });
}

export function listResources(doc: unknown, file: string): Located[] {
  if (isObject(doc)) return pageResources(doc, '$', file);
  if (!Array.isArray(doc)) throw new SourceError('scim', 'expected a SCIM ListResponse object or a list', { file, path: '$' });
  const out: Located[] = [];
  doc.forEach((item, i) => {
    if (!isObject(item)) throw new SourceError('scim', 'a list entry is not an object', { file, path: `$[${i}]` });
    if ('Resources' in item || 'resources' in item || 'totalResults' in item) append(out, pageResources(item, `$[${i}]`, file));
    else out.push({ path: `$[${i}]`, value: item });
  });
  return out;
}

/** The resource's `id`: required, a non-empty string (numbers are written as they read). */
export function resourceId(r: Located, file: string): string {
  const id = r.value.id;
  if ((typeof id === 'string' && id.trim() !== '') || typeof id === 'number') return String(id).trim();
  throw new SourceError('scim', 'id is missing or empty', { file, path: `${r.path}.id` });
}

/** Text; absent, null or empty as null; any other type is an error (FieldTypeError), never "absent". */
export function optionalString(v: unknown, field = ''): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  throw new FieldTypeError(field, `${field || 'a field'} is ${Array.isArray(v) ? 'a list' : `a ${typeof v}`}, expected a string`);
}

// Reading Microsoft Graph collections with errors that name the file and the
// JSON path, never the content. A file holds what one list call returns: an
// object with `value` (one page), or an array of such pages (every page of a
// paged call). `@odata.*` keys (context, nextLink, type) are not data.
import { JsonFields, type Json } from '../lib/json-fields.js';
import { toInstant } from '../../src/util/time.js';
import { parseJsonText } from '../lib/json.js';
import { OPAQUE_ID, type IdFormat } from '../lib/id-formats.js';

export type { Json } from '../lib/json-fields.js';

export function parseJson(text: string, file: string): unknown {
  return parseJsonText(text, file, 'entra');
}

export class GraphReader extends JsonFields {
  constructor(file: string) {
    super('entra', file);
  }

  /** Every item of a page or a list of pages, with its JSON path. */
  items(json: unknown): { item: Json; path: string }[] {
    const pages = Array.isArray(json) ? json.map((p, i) => ({ page: p, path: `$[${i}]` })) : [{ page: json, path: '$' }];
    const out: { item: Json; path: string }[] = [];
    for (const { page, path } of pages) {
      const o = this.object(page, path);
      const value = o.value;
      if (!Array.isArray(value)) this.fail(`${path}.value`, 'expected a JSON array (a Graph page has `value`)');
      value.forEach((v, i) => out.push({ item: this.object(v, `${path}.value[${i}]`), path: `${path}.value[${i}]` }));
    }
    return out;
  }

  string(o: Json, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`${path}.${key}`, 'expected a non-empty string');
    return v;
  }

  optString(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`${path}.${key}`, 'expected a string');
    return v.trim() === '' ? null : v;
  }

  /** An identifier: an object id, app id, key id (connectors/lib/id-formats.ts); outside its format the tenant fails at its path. */
  id(o: Json, key: string, path: string, fmt: IdFormat = OPAQUE_ID): string {
    return this.inFormat(this.string(o, key, path), `${path}.${key}`, fmt);
  }

  optId(o: Json, key: string, path: string, fmt: IdFormat = OPAQUE_ID): string | null {
    const v = this.optString(o, key, path);
    return v === null ? null : this.inFormat(v, `${path}.${key}`, fmt);
  }

  /** An ISO 8601 timestamp; null when absent or null. */
  instant(o: Json, key: string, path: string): string | null {
    try {
      // Microsoft Graph always writes a time and a zone (the one parser, src/util/time.ts).
      return toInstant(o[key], { time: true, zone: true });
    } catch {
      return this.fail(`${path}.${key}`, 'not an ISO 8601 timestamp with a real date');
    }
  }
}

// Reading the providers' list responses with errors that name the file and
// the JSON path, never the content. A file holds the items of every page as
// one JSON array (what a live collection writes), or the list object one
// call returns (`{data, has_more, first_id, last_id}`), or an array of such
// pages: all three are read. Paging fields left in a file are not data.
import { JsonFields, type Json } from '../lib/json-fields.js';
import { toInstant } from '../../src/util/time.js';
import { parseJsonText } from '../lib/json.js';

export type { Json } from '../lib/json-fields.js';

const isPage = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as Json).data);

export class ListReader extends JsonFields {
  constructor(file: string) {
    super('ai', file);
  }

  parse(text: string): unknown {
    return parseJsonText(text, this.file, 'ai');
  }

  /** Every item of the file, with its JSON path. */
  items(json: unknown): { item: Json; path: string }[] {
    const out: { item: Json; path: string }[] = [];
    const page = (p: unknown, path: string) => {
      const data = (this.object(p, path).data ?? this.fail(`${path}.data`, 'expected a JSON array (a list response has `data`)')) as unknown;
      if (!Array.isArray(data)) this.fail(`${path}.data`, 'expected a JSON array (a list response has `data`)');
      data.forEach((v, i) => out.push({ item: this.object(v, `${path}.data[${i}]`), path: `${path}.data[${i}]` }));
    };
    if (Array.isArray(json)) {
      if (json.length && json.every(isPage)) json.forEach((p, i) => page(p, `$[${i}]`));
      else json.forEach((v, i) => out.push({ item: this.object(v, `$[${i}]`), path: `$[${i}]` }));
    } else page(json, '$');
    return out;
  }

  string(o: Json, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`${path}.${key}`, 'expected a non-empty string');
    return v.trim();
  }

  /**
   * A provider id (`user-…`, `key_…`, `proj_…`, `apikey_…`, `wrkspc_…`):
   * letters, digits, `_`, `-`, `.`, `:`. Anything else is not an id these
   * APIs issue, and is refused rather than stored as one.
   */
  id(o: Json, key: string, path: string): string {
    const v = this.string(o, key, path);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/.test(v)) this.fail(`${path}.${key}`, 'not a provider id (letters, digits, "_", "-", ".", ":")');
    return v;
  }

  optId(o: Json, key: string, path: string): string | null {
    return o[key] === undefined || o[key] === null ? null : this.id(o, key, path);
  }

  optString(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`${path}.${key}`, 'expected a string');
    return v.trim() === '' ? null : v.trim();
  }

  /** OpenAI writes times as Unix seconds; null when absent or null. */
  unixSeconds(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    // 10^8..10^11 seconds is 1973..5138: a number of milliseconds is refused, not read as the year 50000.
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1e8 || v >= 1e11) this.fail(`${path}.${key}`, 'expected a Unix time in seconds');
    return new Date(Math.floor(v * 1000)).toISOString();
  }

  /** Anthropic writes RFC 3339 times; null when absent or null. */
  instant(o: Json, key: string, path: string): string | null {
    try {
      return toInstant(o[key], { time: true, zone: true });
    } catch {
      return this.fail(`${path}.${key}`, 'not an RFC 3339 timestamp with a real date');
    }
  }
}

// Reading Identity Center and Identity Store list files with errors that name
// the file and the JSON path, never the content. A file holds what the CLI
// prints for one call (`{"Users": [...]}`), every page of it as an array of
// such objects, or the bare list of items; `NextToken` left in is not data.
import { TrimmedJsonFields, type Item, type Json } from '../lib/json-fields.js';
import { toInstant } from '../../src/util/time.js';
import { SOURCE } from './files.js';

export type { Json, Item } from '../lib/json-fields.js';

export class SsoReader extends TrimmedJsonFields {
  constructor(file: string) {
    super(SOURCE, file);
  }

  /** The items of a file, whether bare, one `{<wrapper>: [...]}` page, or an array of pages. */
  items(json: unknown, wrapper: string): Item[] {
    const out: Item[] = [];
    const page = (o: unknown, path: string) => {
      const list = this.object(o, path)[wrapper];
      if (!Array.isArray(list)) this.fail(`${path}.${wrapper}`, `expected a JSON array (the ${wrapper} of a list response)`);
      list.forEach((v, i) => out.push({ item: this.object(v, `${path}.${wrapper}[${i}]`), path: `${path}.${wrapper}[${i}]` }));
    };
    if (!Array.isArray(json)) {
      page(json, '$');
      return out;
    }
    const pages = json.length > 0 && json.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p) && wrapper in p);
    json.forEach((v, i) => (pages ? page(v, `$[${i}]`) : out.push({ item: this.object(v, `$[${i}]`), path: `$[${i}]` })));
    return out;
  }

  /**
   * A timestamp: ISO 8601 as the CLI prints it, or epoch seconds as the JSON
   * wire protocol sends it; null when absent.
   */
  instant(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || v < 0 || v > 32503680000) this.fail(`${path}.${key}`, 'not a timestamp (epoch seconds out of range)');
      return new Date(Math.round(v * 1000)).toISOString();
    }
    try {
      return toInstant(v, { time: true, zone: true });
    } catch {
      return this.fail(`${path}.${key}`, 'not an ISO 8601 timestamp with a real date');
    }
  }
}

// Reading GitHub's JSON with errors that name the file and the line (bad
// JSON) or the JSON path (a value of the wrong shape), never the content.
import { JsonFields, type Json } from '../lib/json-fields.js';
import type { IdFormat } from '../lib/id-formats.js';
import { parseJsonText } from '../lib/json.js';
import { epochMillisToInstant, toInstant } from '../../src/util/time.js';

/** GitHub writes ISO 8601 with a time and a zone; null when it is not one. */
function isoInstant(v: string): string | null {
  try {
    return toInstant(v, { time: true, zone: true });
  } catch {
    return null;
  }
}

function epochMillisInstant(v: number): string | null {
  try {
    return epochMillisToInstant(v);
  } catch {
    return null;
  }
}

export type { Json } from '../lib/json-fields.js';

/** JSON text of `file` -> value; a syntax error names the file and line, never the text. */
export function parseJson(text: string, file: string): unknown {
  return parseJsonText(text, file, 'github');
}

/** Field access that fails with the file and JSON path. */
export class JsonReader extends JsonFields {
  constructor(file: string) {
    super('github', file);
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'expected a JSON array');
    return v;
  }

  string(o: Json, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '') this.fail(`${path}.${key}`, 'expected a non-empty string');
    return v;
  }

  optString(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`${path}.${key}`, 'expected a string');
    return v;
  }

  /** A required identifier in GitHub's format for it (./formats.ts). */
  id(o: Json, key: string, path: string, fmt: IdFormat): string {
    return this.inFormat(this.string(o, key, path), `${path}.${key}`, fmt);
  }

  optId(o: Json, key: string, path: string, fmt: IdFormat): string | null {
    const v = this.optString(o, key, path);
    return v === null ? null : this.inFormat(v, `${path}.${key}`, fmt);
  }

  /** Free text someone typed (a title, a team name): kept, token-shaped parts replaced. */
  text(o: Json, key: string, path: string): string | null {
    return this.freeText(this.optString(o, key, path));
  }

  integer(o: Json, key: string, path: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`${path}.${key}`, 'expected an integer');
    return v;
  }

  optInteger(o: Json, key: string, path: string): number | null {
    return o[key] === undefined || o[key] === null ? null : this.integer(o, key, path);
  }

  /** An ISO 8601 timestamp (any offset); null when absent or null. */
  instant(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    const at = typeof v === 'string' ? isoInstant(v) : null;
    if (at === null) this.fail(`${path}.${key}`, 'not an ISO 8601 timestamp with a real date');
    return at;
  }

  /** Epoch milliseconds (the audit log), or an ISO string. */
  millisOrInstant(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    const at = typeof v === 'number' ? epochMillisInstant(v) : typeof v === 'string' ? isoInstant(v) : null;
    if (at === null) this.fail(`${path}.${key}`, 'not epoch milliseconds or an ISO 8601 timestamp');
    return at;
  }

  /** A list of strings; null and absent give []. */
  strings(o: Json, key: string, path: string): string[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    return this.array(v, `${path}.${key}`).map((x, i) => {
      if (typeof x !== 'string') this.fail(`${path}.${key}[${i}]`, 'expected a string');
      return x;
    });
  }
}

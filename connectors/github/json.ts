// Reading GitHub's JSON with errors that name the file and the line (bad
// JSON) or the JSON path (a value of the wrong shape), never the content.
import { SourceError } from '../../src/util/errors.js';
// The shared JSON error scanner (moving to connectors/lib/ with the other readers).
import { errorOffset } from '../aws/json-file.js';
import { epochMillisInstant, isoInstant } from './time.js';

export type Json = Record<string, unknown>;

export function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    // Node 20 does not always give a position; then find it ourselves.
    const offset = m ? Number(m[1]) : Math.max(errorOffset(body), 0);
    let line = 1;
    for (let i = 0; i < offset && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
    // The parser's message can quote the text around the error: say only what kind of error.
    throw new SourceError('github', 'not valid JSON', { file, line }, { cause: e });
  }
}

/** Field access that fails with the file and JSON path. */
export class JsonReader {
  constructor(readonly file: string) {}

  fail(path: string, message: string): never {
    throw new SourceError('github', message, { file: this.file, path });
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'expected a JSON array');
    return v;
  }

  object(v: unknown, path: string): Json {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'expected a JSON object');
    return v as Json;
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

  integer(o: Json, key: string, path: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`${path}.${key}`, 'expected an integer');
    return v;
  }

  optInteger(o: Json, key: string, path: string): number | null {
    return o[key] === undefined || o[key] === null ? null : this.integer(o, key, path);
  }

  optBoolean(o: Json, key: string, path: string): boolean | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(`${path}.${key}`, 'expected true or false');
    return v;
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

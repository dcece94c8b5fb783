// Field access on a provider's JSON that fails with the file and the JSON
// path, never the value: the part every connector's reader shares. A
// connector extends it with what its provider's files need (how pages wrap
// items, which timestamps it writes, whether a blank string means "none").
import { SourceError } from '../../src/util/errors.js';
import { redactText } from '../../src/util/redact.js';
import { notInFormat, OPAQUE_ID, type IdFormat } from './id-formats.js';

export type Json = Record<string, unknown>;

/** An object of a list, with its JSON path for the errors about it. */
export interface Item {
  item: Json;
  path: string;
}

export class JsonFields {
  constructor(
    readonly source: string,
    readonly file: string,
  ) {}

  fail(path: string, message: string): never {
    throw new SourceError(this.source, message, { file: this.file, path });
  }

  /** `v`, an identifier, when it is in `fmt`; else the container fails at `path`, the value unquoted. */
  inFormat(v: string, path: string, fmt: IdFormat): string {
    if (!fmt.test(v)) this.fail(path, notInFormat(fmt));
    return v;
  }

  /** Free text, kept with its token-shaped parts replaced (src/util/redact.ts). */
  freeText(v: string | null): string | null {
    return v === null ? null : redactText(v);
  }

  object(v: unknown, path: string): Json {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'expected a JSON object');
    return v as Json;
  }

  optObject(o: Json, key: string, path: string): Json | null {
    const v = o[key];
    return v === undefined || v === null ? null : this.object(v, `${path}.${key}`);
  }

  optBoolean(o: Json, key: string, path: string): boolean | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(`${path}.${key}`, 'expected true or false');
    return v;
  }

  /** A list of strings; null and absent give []. */
  strings(o: Json, key: string, path: string): string[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(`${path}.${key}`, 'expected a JSON array');
    return v.map((x, i) => {
      if (typeof x !== 'string') this.fail(`${path}.${key}[${i}]`, 'expected a string');
      return x;
    });
  }

  /** A list of objects; null and absent give []. */
  objects(o: Json, key: string, path: string): Item[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(`${path}.${key}`, 'expected a JSON array');
    return v.map((x, i) => ({ item: this.object(x, `${path}.${key}[${i}]`), path: `${path}.${key}[${i}]` }));
  }
}

/** For providers whose text fields may carry stray spaces: a value is read trimmed, and a blank one is "none". */
export class TrimmedJsonFields extends JsonFields {
  string(o: Json, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`${path}.${key}`, 'expected a non-empty string');
    return v.trim();
  }

  optString(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`${path}.${key}`, 'expected a string');
    return v.trim() === '' ? null : v.trim();
  }

  /** A required identifier, in `fmt` (by default any text without spaces: ./id-formats.ts). */
  id(o: Json, key: string, path: string, fmt: IdFormat = OPAQUE_ID): string {
    return this.inFormat(this.string(o, key, path), `${path}.${key}`, fmt);
  }

  optId(o: Json, key: string, path: string, fmt: IdFormat = OPAQUE_ID): string | null {
    const v = this.optString(o, key, path);
    return v === null ? null : this.inFormat(v, `${path}.${key}`, fmt);
  }
}

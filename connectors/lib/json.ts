// Shared by every connector. JSON text -> value, with the line of the first error. Node 20's JSON.parse
// does not always say where it failed ("Unexpected token 'x', ... is not
// valid JSON"), and the snapshot contract promises a line, so on failure a
// small scanner finds the offset itself.
import { SourceError } from '../../src/util/errors.js';
import { isNoValue } from '../../src/util/no-value.js';

/**
 * Deepest nesting a snapshot file may have. Provider exports nest a handful of
 * levels (a policy statement's condition is the deepest, at about eight);
 * deeper is garbage, and recursive code after the parser (copies, the
 * stores' value checks, JSON.stringify) would overflow the stack on it.
 */
export const MAX_JSON_DEPTH = 64;

/** Offset of the first bracket nested past `max`, or -1. Strings are skipped; the text need not be valid. */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Jump to the closing quote, stepping over escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** True when a parsed value (JSON or YAML) nests deeper than `max`; iterative, so any depth is safe to ask about. */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Parse `text`, the content of `file` (snapshot-relative, named in errors) of `source`. */
export function parseJsonText(text: string, file: string, source = 'aws'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = tooDeepAt(body);
  if (deep >= 0) {
    throw new SourceError(source, `nested deeper than ${MAX_JSON_DEPTH} levels: not a provider export`, { file, line: lineAt(body, deep) });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const offset = m ? Number(m[1]) : errorOffset(body);
    const line = offset >= 0 ? lineAt(body, offset) : undefined;
    // The engine's message quotes the text around the error, which may be a
    // secret (a SecretAccessKey cut mid-file): say where, never what.
    const cut = /end of (JSON )?input|Unterminated/i.test((e as Error).message);
    throw new SourceError(source, cut ? 'not valid JSON: the file ends early (cut or truncated)' : 'not valid JSON', { file, line }, { cause: e });
  }
  checkValueSizes(value, file, source);
  return value;
}

/**
 * Longest text value (characters) a snapshot file may hold. Provider fields
 * are names, ids, dates and policy documents of a few KB; a value of
 * megabytes is garbage, and the store refuses a value past 16 MiB only when
 * the batch holding it is written. Refused here, naming the file and path.
 */
export const MAX_JSON_STRING = 1024 * 1024;

/** Throws naming the file and JSON path of the first string (value or key) longer than `max`. */
export function checkValueSizes(value: unknown, file: string, source: string, max = MAX_JSON_STRING, base = '$'): void {
  // A cheap pass first; paths are built only when something is too long.
  const tooLong = (v: unknown): boolean => {
    const stack = [v];
    while (stack.length) {
      const x = stack.pop();
      if (typeof x === 'string') {
        if (x.length > max) return true;
      } else if (Array.isArray(x)) for (const v of x) stack.push(v);
      else if (x && typeof x === 'object') {
        for (const [k, y] of Object.entries(x)) {
          if (k.length > max) return true;
          stack.push(y);
        }
      }
    }
    return false;
  };
  if (!tooLong(value)) return;
  const stack: [unknown, string][] = [[value, base]];
  while (stack.length) {
    const [x, path] = stack.pop()!;
    if (typeof x === 'string' && x.length > max) {
      throw new SourceError(source, `a text value of ${x.length} characters, more than the ${max} any provider field holds: not read`, { file, path });
    }
    if (Array.isArray(x)) x.forEach((y, i) => stack.push([y, `${path}[${i}]`]));
    else if (x && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        if (k.length > max) throw new SourceError(source, `a field name of ${k.length} characters: not read`, { file, path });
        stack.push([y, /^[A-Za-z_@$][\w@$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k.slice(0, 40))}]`]);
      }
    }
  }
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset of the first JSON syntax error, or -1 when the text is valid. */
export function errorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      i += c === 92 ? 2 : 1;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null']) if (text.startsWith(lit, i)) return void (i += lit.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (e) {
    if (typeof e === 'number') return e;
    // Nesting deeper than the stack: the place stays unknown, the error does not.
    if (e instanceof RangeError) return i;
    throw e;
  }
}

/**
 * Field readers that tell a wrong type from an absent value: a field that is
 * absent or null (or a "no value" marker, for text) reads as null; a field
 * of another type than the provider writes throws FieldTypeError, which the
 * reader turns into an error naming the file and JSON path. Read as null, an
 * `awsRegion: {}` or a `country: []` would quietly mean "none".
 */
export class FieldTypeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldTypeError';
  }
}

const typeName = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`);

/** Text: a string (trimmed, a no-value marker as null); a number as its digits; absent or null as null. */
export function optText(o: Record<string, unknown>, field: string): string | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new FieldTypeError(field, `${field} is ${typeName(v)}, expected a string`);
  return isNoValue(v) ? null : v.trim();
}

/** An object field; absent or null as null. */
export function optObject(o: Record<string, unknown>, field: string): Record<string, unknown> | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new FieldTypeError(field, `${field} is ${typeName(v)}, expected an object`);
  return v as Record<string, unknown>;
}

/** true/false (also as the strings "true"/"false"); absent or null as null. */
export function optBoolean(o: Record<string, unknown>, field: string): boolean | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new FieldTypeError(field, `${field} is ${typeName(v)}, expected true or false`);
}

/**
 * Records of one list keyed by their id: the same id twice with the same
 * content is one record (pages that overlap); with different content the
 * export contradicts itself, and whichever came last would quietly win, so
 * the file fails naming both places.
 */
export function uniqueById<T>(
  source: string,
  file: string,
  items: readonly T[],
  idOf: (item: T) => string,
  pathOf: (item: T, index: number) => string,
): T[] {
  const seen = new Map<string, { index: number; body: string }>();
  const out: T[] = [];
  items.forEach((item, index) => {
    const id = idOf(item);
    // No id: the reader's own check names what is missing.
    if (id === '' || id === 'undefined') {
      out.push(item);
      return;
    }
    const body = stableJson(item);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, { index, body });
      out.push(item);
      return;
    }
    if (first.body === body) return;
    throw new SourceError(
      source,
      `the same id as ${pathOf(items[first.index]!, first.index)}, with different content: a duplicate id the export contradicts itself on`,
      { file, path: pathOf(item, index) },
    );
  });
  return out;
}

/** JSON with object keys sorted, so two equal records compare equal. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

// Reading Vault's JSON with errors that name the file and the JSON path,
// never the content. Vault wraps every answer in an envelope
// (`{request_id, lease_id, data, warnings, ...}`); a snapshot list holds
// either the envelopes as `vault read -format=json` prints them or their
// `data` objects. Times are ISO 8601 with nanoseconds, or Unix seconds where
// the API writes numbers (a token's `creation_time`); Go's zero time
// (`0001-01-01T00:00:00Z`) means "none".
import { TrimmedJsonFields, type Json } from '../lib/json-fields.js';
import { toInstant } from '../../src/util/time.js';
import { parseJsonText } from '../lib/json.js';

export type { Json } from '../lib/json-fields.js';

export function parseJson(text: string, file: string): unknown {
  return parseJsonText(text, file, 'vault');
}

/** Go's zero time, which Vault writes for "never". */
const ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?(Z|[+-]00:?00)$/;

export class VaultReader extends TrimmedJsonFields {
  constructor(file: string) {
    super('vault', file);
  }

  /** The records of a list file: a JSON array of objects, each unwrapped from its envelope when it has one. */
  records(json: unknown): { item: Json; path: string }[] {
    if (!Array.isArray(json)) this.fail('$', 'expected a JSON array');
    return json.map((v, i) => {
      const path = `$[${i}]`;
      const o = this.object(v, path);
      // An envelope: the record is its `data` (a `vault read -format=json` answer).
      // No record Vault returns has a `data` field of its own (a KV secret's
      // value is never read), so an object `data` is always the envelope's.
      if (o.data !== null && typeof o.data === 'object' && !Array.isArray(o.data)) {
        const extra = Object.fromEntries(Object.entries(o).filter(([k]) => k === 'name' || k === 'mount' || k === 'path'));
        return { item: { ...this.object(o.data, `${path}.data`), ...extra }, path: `${path}.data` };
      }
      return { item: o, path };
    });
  }

  /** A whole number (Vault writes TTLs and counts as numbers; a JSON string of digits is read too). */
  optInteger(o: Json, key: string, path: string): number | null {
    const v = o[key];
    if (v === undefined || v === null || v === '') return null;
    const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) this.fail(`${path}.${key}`, 'expected a whole number');
    return n;
  }

  /** An ISO 8601 timestamp with a time and zone; null when absent, empty or Go's zero time. */
  instant(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (typeof v === 'string' && ZERO_TIME.test(v.trim())) return null;
    try {
      return toInstant(v, { time: true, zone: true });
    } catch {
      return this.fail(`${path}.${key}`, 'not an ISO 8601 timestamp with a time zone');
    }
  }

  /** Unix seconds (a token's `creation_time`); an ISO string is read too. Null when absent or 0. */
  epochSeconds(o: Json, key: string, path: string): string | null {
    const v = o[key];
    if (typeof v === 'string') return this.instant(o, key, path);
    if (v === undefined || v === null || v === 0) return null;
    // 2001..2286: milliseconds mistaken for seconds would land in the year 50000.
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1e9 || v >= 1e10) this.fail(`${path}.${key}`, 'expected Unix seconds');
    return new Date(Math.floor(v) * 1000).toISOString();
  }

  /** A map of strings (metadata); null and absent give {}. Values that are not text fail. */
  stringMap(o: Json, key: string, path: string): Record<string, string> {
    const v = o[key];
    if (v === undefined || v === null) return {};
    const m = this.object(v, `${path}.${key}`);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(m)) {
      if (x === null) continue;
      if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') this.fail(`${path}.${key}`, 'expected text values');
      out[k] = String(x);
    }
    return out;
  }
}

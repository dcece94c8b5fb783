// One timestamp form everywhere in the graph: `Date.toISOString()` (UTC,
// milliseconds, `Z`), so stored instants compare the same as strings and as
// Cypher datetimes on both stores.

/** Provider "no value" markers (the AWS credential report writes these). */
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported', 'null', 'None']);

/**
 * ISO 8601 as providers write it: a date, or a date and time with optional
 * seconds and fraction, and `Z`, an offset (`+00:00`, `-0700`) or nothing
 * (UTC). `new Date()` would take "1" for 2001 and 2026-02-30 for March 2.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Strict ISO 8601 -> epoch milliseconds; NaN for anything that is not a real instant. */
export function parseIso(s: string): number {
  const m = ISO.exec(s.trim());
  if (!m) return NaN;
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7) as string[];
  const nums = [+y, +mo, +d, +h, +mi, +sec];
  const [Y, M, D, H, Mi, S] = nums as [number, number, number, number, number, number];
  if (M < 1 || M > 12 || D < 1 || H > 23 || Mi > 59 || S > 59) return NaN;
  const base = Date.UTC(Y, M - 1, D, H, Mi, S);
  const check = new Date(base);
  // A day that does not exist (Feb 30) rolls into the next month: refuse it.
  if (check.getUTCFullYear() !== Y || check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return NaN;
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMin = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const oh = +z[2]!;
    const om = z[3] ? +z[3] : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMin = (z[1] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base + fraction - offsetMin * 60_000;
}

/** Parse a provider timestamp (strict ISO 8601); null for "no value"; throws on anything else. */
export function toInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('not a timestamp (invalid date)');
    return value.toISOString();
  }
  if (typeof value !== 'string') throw new Error(`not a timestamp: a ${typeof value}, expected an ISO 8601 string`);
  const s = value.trim();
  if (NO_VALUE.has(s)) return null;
  const t = parseIso(s);
  if (Number.isNaN(t)) throw new Error(`not an ISO 8601 timestamp or not a real calendar date: ${JSON.stringify(s.slice(0, 40))}`);
  return new Date(t).toISOString();
}

/** Epoch milliseconds (a number, as GitHub's audit log writes them) -> instant; throws on anything else. */
export function epochMillisToInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`not epoch milliseconds: ${typeof value}`);
  return new Date(value).toISOString();
}

/** Like toInstant but returns null instead of throwing. */
export function tryInstant(value: unknown): string | null {
  try {
    return toInstant(value);
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD` -> the instant that day starts, UTC. */
export function startOfDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = m ? parseIso(`${m[1]}-${m[2]}-${m[3]}`) : NaN;
  if (Number.isNaN(t)) throw new Error(`not an ISO date (YYYY-MM-DD, a real calendar date): ${JSON.stringify(date.slice(0, 40))}`);
  return new Date(t).toISOString();
}

/** `YYYY-MM-DD` -> 00:00Z the day after (a person leaves at the end of the day). */
export function endOfDay(date: string): string {
  return new Date(Date.parse(startOfDay(date)) + 86_400_000).toISOString();
}

/** The later of some instants (nulls ignored); null when there are none. */
export function latest(...values: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const v of values) if (v && (best === null || v > best)) best = v;
  return best;
}

export function earliest(...values: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const v of values) if (v && (best === null || v < best)) best = v;
  return best;
}

/** Whole days from `from` to `to` (both instants), rounded down. */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * A provider timestamp read strictly: ISO 8601 with `Z` or an offset, seconds
 * and fractions optional, and a real calendar date and time (`2026-02-30` is
 * not one, though `Date` would roll it into March). Null for "no value";
 * throws on anything else.
 */
export function strictInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (NO_VALUE.has(s)) return null;
  const m = ISO_INSTANT.exec(s);
  if (!m) throw new Error(`not an ISO 8601 timestamp: ${JSON.stringify(s)}`);
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  const real = day.getUTCFullYear() === y && day.getUTCMonth() === mo! - 1 && day.getUTCDate() === d;
  if (!real || h! > 23 || mi! > 59 || sec! > 60) throw new Error(`not a real date and time: ${JSON.stringify(s)}`);
  const t = Date.parse(s.replace(' ', 'T'));
  if (Number.isNaN(t)) throw new Error(`not an ISO 8601 timestamp: ${JSON.stringify(s)}`);
  return new Date(t).toISOString();
}

// One timestamp form everywhere in the graph: `Date.toISOString()` (UTC,
// milliseconds, `Z`), so stored instants compare the same as strings and as
// Cypher datetimes on both stores.

/** Provider "no value" markers (the AWS credential report writes these). */
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported', 'null', 'None']);

/** Parse a provider timestamp; null for "no value"; throws on garbage. */
export function toInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const s = String(value).trim();
  if (NO_VALUE.has(s)) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${JSON.stringify(s)}`);
  return d.toISOString();
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
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
  if (!m) throw new Error(`not an ISO date: ${JSON.stringify(date)}`);
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO date: ${JSON.stringify(date)}`);
  return d.toISOString();
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

// One timestamp form everywhere in the graph: `Date.toISOString()` (UTC,
// milliseconds, `Z`), so stored instants compare the same as strings and as
// Cypher datetimes on both stores.

import { isNoValue } from './no-value.js';

/**
 * The one timestamp parser. ISO 8601 as providers write it: a date, or a
 * date and time with optional seconds and fraction, and `Z`, an offset
 * (`+00:00`, `-0700`) or nothing (UTC). `new Date()` would take "1" for 2001
 * and 2026-02-30 for March 2, so the calendar is checked here.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

export interface InstantRules {
  /** The provider always writes a time zone (`Z` or an offset): a value without one is not theirs. */
  zone?: boolean;
  /** The provider always writes a time of day. */
  time?: boolean;
}

/** Strict ISO 8601 -> epoch milliseconds; NaN for anything that is not a real instant (or breaks `rules`). */
export function parseIso(s: string, rules: InstantRules = {}): number {
  const m = ISO.exec(s.trim());
  if (!m) return NaN;
  if ((rules.zone && !m[8]) || (rules.time && m[4] === undefined)) return NaN;
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7) as string[];
  const [Y, M, D, H, Mi, S] = [+y, +mo, +d, +h, +mi, +sec] as [number, number, number, number, number, number];
  // 60 is a leap second, which Date.UTC rolls into the next minute as it should.
  if (M < 1 || M > 12 || D < 1 || H > 23 || Mi > 59 || S > 60) return NaN;
  const base = Date.UTC(Y, M - 1, D, H, Mi, S);
  const check = new Date(Date.UTC(Y, M - 1, D));
  // A day that does not exist (Feb 30) rolls into the next month: refuse it.
  if (check.getUTCFullYear() !== Y || check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return NaN;
  // Fractions beyond milliseconds (Google writes nanoseconds) are cut, never rounded up a second.
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

/**
 * A provider timestamp (strict ISO 8601) -> `toISOString()` form; null for a
 * "no value" marker (absent, null, `""`, `N/A`, `None`, ...); throws on
 * anything else. Messages never quote the value: it may be anything.
 */
export function toInstant(value: unknown, rules: InstantRules = {}): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('not a timestamp (invalid date)');
    return value.toISOString();
  }
  if (isNoValue(value)) return null;
  if (typeof value !== 'string') throw new Error(`not a timestamp: a ${Array.isArray(value) ? 'list' : typeof value}, expected an ISO 8601 string`);
  const t = parseIso(value, rules);
  if (Number.isNaN(t)) {
    const needs = [rules.time ? 'a time' : '', rules.zone ? 'a time zone' : ''].filter(Boolean).join(' and ');
    throw new Error(`not an ISO 8601 timestamp${needs ? ` with ${needs}` : ''}, or not a real calendar date and time`);
  }
  return new Date(t).toISOString();
}

/** Like toInstant, for a timestamp the provider always writes: a "no value" marker is an error too. */
export function requiredInstant(value: unknown, rules: InstantRules = {}): string {
  const at = toInstant(value, rules);
  if (at === null) throw new Error(isNoValue(value) && value !== undefined && value !== null ? 'no value (a "no value" marker where a timestamp is required)' : 'missing (a timestamp is required)');
  return at;
}

/**
 * Epoch milliseconds (a number, as GitHub's audit log writes them) -> instant;
 * null for no value; throws for anything else, including numbers outside
 * 2001..2286 (seconds or microseconds mistaken for milliseconds).
 */
export function epochMillisToInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`not epoch milliseconds: a ${typeof value}`);
  if (value < 1e12 || value >= 1e13) throw new Error('not epoch milliseconds (outside 2001..2286)');
  return new Date(Math.floor(value)).toISOString();
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
  if (Number.isNaN(t)) throw new Error('not an ISO date (YYYY-MM-DD, a real calendar date)');
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

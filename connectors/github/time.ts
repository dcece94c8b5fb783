// GitHub timestamps, parsed strictly: ISO 8601 with `Z` or an offset
// (`2026-05-01T10:11:12.000-07:00`), a real calendar date, fractions allowed;
// the audit log's epoch milliseconds. Compared as instants, stored in
// `Date.toISOString()` form.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 string -> instant; null when it is not one. */
export function isoInstant(value: string): string | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip.
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 60) return null;
  const offset = m[8]!.toUpperCase();
  if (offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(-2));
    if (oh > 23 || om > 59) return null;
  }
  const t = Date.parse(value.trim().replace(' ', 'T'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Epoch milliseconds (a number, as the audit log writes them) -> instant; null when not plausible. */
export function epochMillisInstant(value: number): string | null {
  // Between 2001 and 2286: seconds (10 digits) or microseconds would land outside.
  if (!Number.isFinite(value) || value < 1e12 || value >= 1e13) return null;
  return new Date(Math.floor(value)).toISOString();
}

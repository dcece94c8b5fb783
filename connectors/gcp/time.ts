// Google's timestamps (RFC 3339: `2026-05-01T10:11:12Z`, with fractions of
// any length or an offset), parsed strictly: a date that is not on the
// calendar (2026-02-30) is an error, not the next month.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function googleInstant(value: string): string {
  const m = RFC3339.exec(value.trim());
  if (!m) throw new Error('not an RFC 3339 timestamp');
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) {
    throw new Error('not a calendar date and time');
  }
  // Fractions beyond milliseconds (Google writes nanoseconds) are cut, not rounded up a second.
  const text = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}${m[8]!.toUpperCase()}`;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error('not a calendar date and time');
  return new Date(t).toISOString();
}

/** Google writes "valid forever" as the end of year 9999. */
export function isNoExpiry(instant: string): boolean {
  return instant.startsWith('9999-');
}

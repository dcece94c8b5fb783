// Medians and percentiles of durations, in hours with two decimals.

export const HOUR = 3_600_000;

export function hoursBetween(from: string, to: string): number {
  return round((Date.parse(to) - Date.parse(from)) / HOUR);
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The q-quantile (0..1) by linear interpolation between closest ranks; null for no values. */
export function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return round(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo));
}

export const median = (values: number[]) => quantile(values, 0.5);

export function mean(values: number[]): number | null {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

/** Whether an instant is in the period (since, until]. */
export function inPeriod(t: string | null | undefined, since: string, until: string): boolean {
  return !!t && t > since && t <= until;
}

// What a threshold may be, read from its name, for the rule files' defaults
// and the config's overrides alike: a number of days is at least 1, a share
// is between 0 and 1, hours are never negative, a count of peers is a whole
// number of at least 1. `staleDays: -5` would otherwise call every
// credential "unused for 0 days".

interface Range {
  min: number;
  max?: number;
  integer?: boolean;
  words: string;
}

export function rangeOf(name: string): Range {
  if (/Days$/.test(name)) return { min: 1, words: 'a number of days, at least 1' };
  if (/Hours$/.test(name)) return { min: 0, words: 'a number of hours, 0 or more' };
  if (/Share$/.test(name)) return { min: 0, max: 1, words: 'a share between 0 and 1 (0.5 is half)' };
  if (/^(min|max)[A-Z]/.test(name)) return { min: 1, integer: true, words: 'a whole number, at least 1' };
  return { min: 0, words: 'a number, 0 or more' };
}

/** Why `value` cannot be the threshold `name`, or null when it can. */
export function thresholdProblem(name: string, value: number): string | null {
  const r = rangeOf(name);
  const ok = Number.isFinite(value) && value >= r.min && (r.max === undefined || value <= r.max) && (!r.integer || Number.isInteger(value));
  return ok ? null : `out of range: ${name} is ${r.words}`;
}

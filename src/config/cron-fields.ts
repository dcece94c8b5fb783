// Which field of a cron expression is wrong. node-cron only answers yes or
// no; a user needs "the hour field (2nd) is out of range 0-23". The field's
// text is not quoted back: errors never echo config values.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The first name stands for this number. */
  namesFrom?: number;
}

const SECOND: Field = { name: 'second', min: 0, max: 59 };
const FIVE: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'weekday', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

const ORDINAL = ['1st', '2nd', '3rd', '4th', '5th', '6th'];

function value(text: string, f: Field): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const i = f.names?.indexOf(text.toLowerCase().slice(0, 3)) ?? -1;
  return i >= 0 && f.names![i]!.length <= text.length ? i + f.namesFrom! : null;
}

/** Why one field is wrong, or null. */
function fieldProblem(text: string, f: Field): string | null {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return 'is not a value, a range a-b, a list a,b or a step */n';
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return 'has a step that is not a whole number above 0';
    if (range === '*') continue;
    const ends = range.split('-');
    if (ends.length > 2) return 'is not a value, a range a-b, a list a,b or a step */n';
    const nums = ends.map((e) => value(e, f));
    if (nums.some((n) => n === null)) return `is not a number${f.names ? ' or a name' : ''}`;
    if (nums.some((n) => n! < f.min || n! > f.max)) return `is out of range ${f.min}-${f.max}`;
    if (nums.length === 2 && nums[0]! > nums[1]!) return 'is a range that runs backwards';
  }
  return null;
}

/** What is wrong with a cron expression, naming the field; null when each field reads. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6) {
    return `has ${parts.length} field(s); a cron expression has 5 (minute hour day-of-month month weekday), or 6 with seconds first`;
  }
  const fields = parts.length === 6 ? [SECOND, ...FIVE] : FIVE;
  for (let i = 0; i < parts.length; i++) {
    const why = fieldProblem(parts[i]!, fields[i]!);
    if (why) return `the ${fields[i]!.name} field (${ORDINAL[i]} of ${parts.length}) ${why}`;
  }
  return null;
}

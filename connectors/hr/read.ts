// Reads `hr/people.csv` and the optional `hr/events.csv` into checked rows.
// Every bad row fails the whole source with its file and line: HR is the
// source of truth for who has left, so a half-read file must not load.
import { readRegularText } from '../lib/files.js';
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { layoutColumns, type ColumnLayout } from '../lib/columns.js';
import { parseCsv, type CsvRow } from '../lib/csv.js';

export const PEOPLE_FILE = 'hr/people.csv';
export const EVENTS_FILE = 'hr/events.csv';

export { EVENT_COLUMNS, PEOPLE_COLUMNS, type EventColumn, type PeopleColumn } from './columns.js';
import { EVENT_COLUMNS, PEOPLE_COLUMNS } from './columns.js';
import { append } from '../../src/util/arrays.js';
import { isNoValue } from '../lib/no-value.js';
import { redactText } from '../../src/util/redact.js';
import { checkId, EMAIL, OPAQUE_ID } from '../lib/id-formats.js';

export const STATUSES = ['active', 'leave', 'terminated'] as const;
export type HrStatus = (typeof STATUSES)[number];
export const EVENT_TYPES = ['joiner', 'mover', 'leaver', 'rehire'] as const;
export type HrEventType = (typeof EVENT_TYPES)[number];

export interface PersonRow {
  line: number;
  employeeId: string;
  email: string | null;
  displayName: string | null;
  department: string | null;
  title: string | null;
  managerEmail: string | null;
  country: string | null;
  workerType: string | null;
  status: HrStatus;
  /** `YYYY-MM-DD` */
  startDate: string | null;
  endDate: string | null;
  /** Columns we do not use, by property-safe header name. */
  extra: Record<string, string | null>;
}

export interface HrEvent {
  line: number;
  employeeId: string;
  event: HrEventType;
  effectiveDate: string;
  fromDepartment: string | null;
  toDepartment: string | null;
  fromTitle: string | null;
  toTitle: string | null;
}

export interface HrColumnMaps {
  columns?: Record<string, string>;
  eventColumns?: Record<string, string>;
  keepColumns?: string[];
}

export interface HrData {
  people: PersonRow[];
  events: HrEvent[];
  warnings: string[];
}

/** A real calendar date in ISO form; `2026-02-30` is not one. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** Cell accessor: trimmed, '' as null, absent column as null. */
function cellsOf<C extends string>(layout: ColumnLayout<C>, row: CsvRow) {
  return (col: C): string | null => {
    const i = layout.index[col];
    const v = i === undefined ? '' : row.cells[i]!.trim();
    return v === '' ? null : v;
  };
}

const free = (v: string | null): string | null => (v === null ? null : redactText(v));

/** An email cell: lower case; empty or a no-value marker is none; anything else must be an email address. */
function emailCell(file: string, line: number, column: string, v: string | null): string | null {
  if (v === null || isNoValue(v)) return null;
  return checkId('hr', v, EMAIL, column, { file, line }).toLowerCase();
}

function dateCell(file: string, row: CsvRow, col: string, value: string | null): string | null {
  if (value !== null && !isIsoDate(value)) {
    throw new SourceError('hr', `${col} is not a date (YYYY-MM-DD)`, { file, line: row.line });
  }
  return value;
}

export function readPeople(text: string, maps: HrColumnMaps = {}): { people: PersonRow[]; warnings: string[] } {
  const file = PEOPLE_FILE;
  const table = parseCsv('hr', file, text);
  const layout = layoutColumns('hr', file, table.header, PEOPLE_COLUMNS, ['employee_id', 'status'], maps.columns, maps.keepColumns);
  const warnings = [...layout.warnings];
  const people: PersonRow[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const row of table.rows) {
    const get = cellsOf(layout, row);
    const employeeId = get('employee_id');
    if (employeeId === null) throw new SourceError('hr', 'employee_id is empty', { file, line: row.line });
    if (isNoValue(employeeId)) throw new SourceError('hr', 'employee_id is a "no value" marker, and every person needs one', { file, line: row.line });
    // Identifiers are stored as they are (a person's key, the link to accounts): one outside its format is not read at all.
    checkId('hr', employeeId, OPAQUE_ID, 'employee_id', { file, line: row.line });
    const first = seenIds.get(employeeId);
    if (first !== undefined) {
      throw new SourceError('hr', `employee_id is already on line ${first}`, { file, line: row.line });
    }
    seenIds.set(employeeId, row.line);

    const rawStatus = get('status');
    const status = rawStatus?.toLowerCase() as HrStatus | undefined;
    if (!status || !STATUSES.includes(status)) {
      const shown = rawStatus === null ? 'empty' : 'not one we know';
      const expected = STATUSES.join(', ');
      throw new SourceError('hr', `status is ${shown}; expected one of ${expected}`, { file, line: row.line });
    }

    const email = emailCell(file, row.line, 'email', get('email'));
    if (email !== null) {
      // Links go by email: two people with one address would link ambiguously.
      const other = seenEmails.get(email);
      if (other !== undefined) warnings.push(`${file} line ${row.line}: the same email as line ${other}`);
      else seenEmails.set(email, row.line);
    }
    const country = get('country')?.toUpperCase() ?? null;
    if (country !== null && !/^[A-Z]{2}$/.test(country)) {
      // Never quoted: a warning reaches the summary, reports and mail, and a cell may hold anything.
      warnings.push(`${file} line ${row.line}: country is not an ISO 3166-1 alpha-2 code; kept as is`);
    }

    const extra: Record<string, string | null> = {};
    for (const [name, i] of layout.extra) extra[name] = row.cells[i]!.trim() || null;

    people.push({
      line: row.line,
      employeeId,
      email,
      // Free-text cells: a secret pasted into one is replaced before it is stored (src/util/redact.ts).
      displayName: free(get('display_name')),
      department: free(get('department')),
      title: free(get('title')),
      managerEmail: emailCell(file, row.line, 'manager_email', get('manager_email')),
      country: free(country),
      workerType: free(get('worker_type')?.toLowerCase() ?? null),
      status,
      startDate: dateCell(file, row, 'start_date', get('start_date')),
      endDate: dateCell(file, row, 'end_date', get('end_date')),
      extra,
    });
  }
  checkPeopleLoaded(people, layout, maps);
  return { people, warnings };
}

/**
 * A file that loads but says nothing must not look like "everyone left": no
 * rows, or no email for most people (a column map that matches an empty
 * column), fails HR naming the column.
 */
function checkPeopleLoaded(people: PersonRow[], layout: ColumnLayout<string>, maps: HrColumnMaps): void {
  const file = PEOPLE_FILE;
  if (people.length === 0) throw new SourceError('hr', 'no people: the file holds a header and no rows', { file, line: 1 });
  const missing = people.filter((p) => p.email === null).length;
  if (missing * 2 > people.length) {
    const header = maps.columns?.email ?? 'email';
    const where = layout.index['email' as never] === undefined ? 'the header has no such column' : 'the column is empty';
    throw new SourceError(
      'hr',
      `email is empty for ${missing} of ${people.length} people (column "${header}": ${where}); accounts link to people by email, so nothing would link. Map the right header with hr.columns.email`,
      { file, line: 1 },
    );
  }
}

export function readEvents(text: string, maps: HrColumnMaps = {}): { events: HrEvent[]; warnings: string[] } {
  const file = EVENTS_FILE;
  const table = parseCsv('hr', file, text);
  const layout = layoutColumns(
    'hr',
    file,
    table.header,
    EVENT_COLUMNS,
    ['employee_id', 'event', 'effective_date'],
    maps.eventColumns,
  );
  const events: HrEvent[] = [];
  for (const row of table.rows) {
    const get = cellsOf(layout, row);
    const employeeId = get('employee_id');
    if (employeeId === null) throw new SourceError('hr', 'employee_id is empty', { file, line: row.line });
    checkId('hr', employeeId, OPAQUE_ID, 'employee_id', { file, line: row.line });
    const rawEvent = get('event');
    const event = rawEvent?.toLowerCase() as HrEventType | undefined;
    // A mistyped "leaver" skipped quietly would hide a leaver: fail instead.
    if (!event || !EVENT_TYPES.includes(event)) {
      const shown = rawEvent === null ? 'empty' : 'not one we know';
      const expected = EVENT_TYPES.join(', ');
      throw new SourceError('hr', `event is ${shown}; expected one of ${expected}`, { file, line: row.line });
    }
    const effectiveDate = dateCell(file, row, 'effective_date', get('effective_date'));
    if (effectiveDate === null) throw new SourceError('hr', 'effective_date is empty', { file, line: row.line });
    events.push({
      line: row.line,
      employeeId,
      event,
      effectiveDate,
      fromDepartment: get('from_department'),
      toDepartment: get('to_department'),
      fromTitle: get('from_title'),
      toTitle: get('to_title'),
    });
  }
  return { events, warnings: layout.warnings };
}

async function readText(path: string, file: string, optional: boolean): Promise<string | null> {
  // Regular files only, size capped (connectors/lib/files.ts): a FIFO must not hang the scan.
  const text = await readRegularText(path, file, 'hr');
  if (text === null && !optional) throw new SourceError('hr', 'cannot be read: ENOENT (people.csv is required)', { file });
  return text;
}

/** Read `<snapshotDir>/hr/`. events.csv is optional; people.csv is not. */
export async function readHr(snapshotDir: string, maps: HrColumnMaps = {}): Promise<HrData> {
  const peopleText = (await readText(join(snapshotDir, PEOPLE_FILE), PEOPLE_FILE, false))!;
  const eventsText = await readText(join(snapshotDir, EVENTS_FILE), EVENTS_FILE, true);
  const { people, warnings } = readPeople(peopleText, maps);
  const read = eventsText === null ? { events: [], warnings: [] } : readEvents(eventsText, maps);
  append(warnings, read.warnings);
  const known = new Set(people.map((p) => p.employeeId));
  for (const e of read.events) {
    if (!known.has(e.employeeId)) {
      const where = `${EVENTS_FILE} line ${e.line}`;
      warnings.push(`${where}: its employee_id is not in ${PEOPLE_FILE}; event ignored`);
    }
  }
  return { people, events: read.events, warnings };
}

// The IAM credential report (decoded CSV). Its "no value" markers (N/A,
// no_information, not_supported) become null; a value that is neither a
// marker nor valid fails the file with its line, because silently dropping a
// last-use date would turn an active key into a "never used" finding.
import { parseCsv } from '../lib/csv.js';
import { failOnMisspelledHeaders } from '../lib/columns.js';
import { SourceError } from '../../src/util/errors.js';
import { requiredInstant, toInstant } from '../../src/util/time.js';
import { NO_VALUE_MARKERS } from '../lib/no-value.js';

export interface KeySlot {
  slot: 1 | 2;
  active: boolean | null;
  lastRotated: string | null;
  lastUsedAt: string | null;
  lastUsedRegion: string | null;
  lastUsedService: string | null;
  /** False when the report has no last-used columns (older 16-column reports): use unknown, never "never used". */
  usageKnown: boolean;
}

export interface CredentialReportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  user: string;
  arn: string;
  isRoot: boolean;
  createdAt: string | null;
  passwordEnabled: boolean | null;
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean | null;
  keys: [KeySlot, KeySlot];
}

export const ROOT_ROW = '<root_account>';
/** The root row's name: `<root_account>` in today's reports, `root_account` in some exports. */
const ROOT_NAMES = new Set([ROOT_ROW, 'root_account']);
const REQUIRED = ['user', 'arn'];
const NO_VALUE = NO_VALUE_MARKERS;
/** Every column the report has today; an unknown header close to a missing one is a typo, not a new column. */
const KNOWN = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  ...[1, 2].flatMap((n) => ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'].map((c) => `access_key_${n}_${c}`)),
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** Parse the report text; `file` (snapshot-relative) names the file in errors. */
export function parseCredentialReport(text: string, file: string): CredentialReportRow[] {
  // A real report always has the root row: an empty or header-only file is a
  // broken export, and reading it as "no users" would hide every console password.
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new SourceError('aws', 'empty file', { file, line: 1 });
  // The shared reader: line numbers, BOM/CRLF, a cap on row length, errors that never quote the text.
  const table = parseCsv('aws', file, text);
  if (table.rows.length === 0) throw new SourceError('aws', 'a header and no rows (a real report always has the root row)', { file, line: 1 });
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length) throw new SourceError('aws', `missing column(s) ${missing.join(', ')}`, { file, line: 1 });
  failOnMisspelledHeaders('aws', file, table.header.filter((h) => !KNOWN.includes(h)), KNOWN.filter((c) => !table.header.includes(c)));
  const usageKnown = table.header.includes('access_key_1_last_used_date');
  return table.rows.map(({ cells, line }) => {
    const record: Record<string, string> = {};
    table.header.forEach((h, i) => {
      if (h !== '' && !(h in record)) record[h] = cells[i]!.trim();
    });
    return rowOf(record, line, file, usageKnown);
  });
}

function rowOf(r: Record<string, string>, line: number, file: string, usageKnown: boolean): CredentialReportRow {
  const fail = (column: string, why: string) =>
    new SourceError('aws', `column ${column}: ${why}`, { file, line });
  const instant = (column: string, required = false): string | null => {
    try {
      return required ? requiredInstant(r[column]) : toInstant(r[column]);
    } catch (e) {
      if (required && (r[column] === undefined || NO_VALUE.has(r[column]!.trim()))) throw fail(column, 'no value, and every row has one');
      // Named by column and line; the value itself is never quoted (it may be anything).
      throw fail(column, 'not an ISO 8601 timestamp or not a real calendar date');
    }
  };
  const bool = (column: string): boolean | null => {
    const v = (r[column] ?? '').trim();
    if (NO_VALUE.has(v)) return null;
    if (v.toLowerCase() === 'true') return true;
    if (v.toLowerCase() === 'false') return false;
    throw fail(column, 'not true or false');
  };
  const text = (column: string): string | null => {
    const v = (r[column] ?? '').trim();
    return NO_VALUE.has(v) ? null : v;
  };
  const slot = (n: 1 | 2): KeySlot => ({
    slot: n,
    active: bool(`access_key_${n}_active`),
    lastRotated: instant(`access_key_${n}_last_rotated`),
    lastUsedAt: instant(`access_key_${n}_last_used_date`),
    lastUsedRegion: text(`access_key_${n}_last_used_region`),
    lastUsedService: text(`access_key_${n}_last_used_service`),
    usageKnown,
  });
  const user = (r.user ?? '').trim();
  if (!user) throw fail('user', 'empty');
  if (NO_VALUE.has(user)) throw fail('user', 'no value, and every row names its user');
  const arn = (r.arn ?? '').trim();
  // The root row is named twice, by user and by ARN: when the two disagree the
  // row is damaged, and read as a plain user the root's findings would resolve.
  if (arn && /^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn) !== ROOT_NAMES.has(user)) {
    throw fail('user', 'does not agree with the arn column on whether this is the root user');
  }
  return {
    line,
    user,
    arn,
    isRoot: ROOT_NAMES.has(user),
    createdAt: instant('user_creation_time', 'user_creation_time' in r),
    passwordEnabled: bool('password_enabled'),
    passwordLastUsed: instant('password_last_used'),
    passwordLastChanged: instant('password_last_changed'),
    mfaActive: bool('mfa_active'),
    keys: [slot(1), slot(2)],
  };
}

/** Same instant, to the second: the report drops the sub-second part CreateDate may carry. */
export function sameSecond(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

/** The report slot that holds the key created at `createDate`, if any. */
export function slotForKey(row: CredentialReportRow | undefined, createDate: string | null): KeySlot | null {
  if (!row) return null;
  return row.keys.find((k) => sameSecond(k.lastRotated, createDate)) ?? null;
}

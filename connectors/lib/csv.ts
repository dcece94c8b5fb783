// A CSV file as a header and rows that remember their line, so every error
// about a row can name where it is. csv-parse does the quoting; we keep the
// bookkeeping (line numbers, column counts) so our messages stay consistent.
import { parse } from 'csv-parse/sync';
import { SourceError } from '../../src/util/errors.js';

/**
 * Longest record (one row, in characters) read. Exports' rows are a few
 * hundred characters; a longer one is garbage, and csv-parse slows down
 * sharply on very long fields.
 */
export const MAX_CSV_RECORD = 256 * 1024;

/** csv-parse's error codes in our words: its own messages quote the field's text, which may be a secret. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_MAX_RECORD_SIZE: `a row longer than ${MAX_CSV_RECORD} characters`,
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row with another number of columns than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row with another number of columns than the header',
};

/** A csv-parse error as a SourceError naming the file and line, never quoting the text. */
export function csvError(source: string, file: string, e: unknown): SourceError {
  const err = e as Error & { code?: string; lines?: number };
  const why = (err.code && CSV_ERRORS[err.code]) ?? `unreadable (${err.code ?? 'parse error'})`;
  return new SourceError(source, `not valid CSV: ${why}`, { file, line: typeof err.lines === 'number' ? err.lines : undefined }, { cause: e });
}

export interface CsvRow {
  /** 1-based line the record starts on (a quoted field may span lines). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

function newlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Parse `text` (the content of `file`, a snapshot-relative path used in
 * errors). Throws SourceError for unparseable CSV, a missing header and rows
 * whose column count differs from the header's.
 */
export function parseCsv(source: string, file: string, text: string): CsvTable {
  // csv-parse counts a CRLF inside a quoted field as two lines; with LF only
  // its line numbers are exact. A CRLF inside a field becomes LF, which is
  // the same line break.
  const normalized = text.replace(/\r\n/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as {record, info}; the typings do not say so.
    records = parse(normalized, {
      bom: true,
      info: true,
      max_record_size: MAX_CSV_RECORD,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw csvError(source, file, e);
  }
  const out: CsvRow[] = [];
  for (const { record, info } of records) {
    // A line of blanks is an empty line, not a one-column record.
    if (record.length === 1 && record[0]!.trim() === '') continue;
    // info.lines is where the record ends; back up over breaks inside fields.
    const line = info.lines - record.reduce((n, cell) => n + newlines(cell), 0);
    out.push({ line, cells: record });
  }
  const first = out.shift();
  if (!first) throw new SourceError(source, 'empty file: no header row', { file, line: 1 });
  const header = first.cells.map((h) => h.trim());
  for (const row of out) {
    if (row.cells.length !== header.length) {
      throw new SourceError(
        source,
        `expected ${header.length} columns as in the header, found ${row.cells.length}`,
        { file, line: row.line },
      );
    }
  }
  return { header, rows: out };
}

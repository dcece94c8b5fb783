// One escaping function per output format. Every name, title, tag or email
// in a snapshot is attacker-influenced (anyone who can name an IAM user or a
// catalog entity writes it), so each writer passes provider values through
// the function of its format, and only there:
//   terminal (tables, scan summary)  terminalSafe
//   CSV                              csvCell
//   Markdown (report, tickets)       escapeMarkdown
//   HTML                             escapeHtml
// Each takes any value: null and undefined are empty, objects are JSON text.

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}

/**
 * Characters a terminal would act on or that hide what a text says: C0 and
 * C1 controls (ESC starts ANSI sequences, BEL rings, CR overwrites the line,
 * LF and TAB break table rows), DEL, bidi overrides and isolates (U+202A-E,
 * U+2066-9, LRM/RLM/ALM) and zero-width characters (U+200B-D, U+2060, BOM),
 * plus the Unicode line and paragraph separators.
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows each unsafe character as inert text (`\x1b`, `\n`, `\u202e`) so a reader sees it was there. */
export function terminalSafe(value: unknown): string {
  return text(value).replace(TERMINAL_UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): a text starting like a formula gets a leading `'`
 * so spreadsheets show it as text (OWASP); a cell holding a comma, quote, CR
 * or LF is quoted with inner quotes doubled. Numbers are the tool's own and
 * stay numbers (`-3` is not a formula).
 */
export function csvCell(value: unknown): string {
  let s = text(value);
  if (typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return text(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Inline Markdown text: a value stays one run of plain text wherever it is
 * put (a paragraph, a list item, a table cell, a heading). New lines become
 * spaces (no fake headings or findings), `<`, `>` and `&` become entities (no
 * HTML), and Markdown's punctuation is backslash-escaped: no links, images,
 * emphasis, code, math (`$`), headings, list markers, autolinks (`:` and `@`)
 * or table cell breaks (`|`). Terminal-unsafe characters are shown as escapes.
 */
export function escapeMarkdown(value: unknown): string {
  const oneLine = text(value).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  return terminalSafe(oneLine)
    .replace(/[\\`*_{}[\]()#+\-.!|~:@=$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!);
}

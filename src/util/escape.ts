// One escaping function per output format, in one place. Every name, title,
// tag or email in a snapshot is attacker-influenced (anyone who can name an
// IAM user or a catalog entity writes it): it is data, and must never become
// a terminal command, a formula, markup, a link, a mention or an image.
//   terminal (tables, scan summary)       terminalSafe
//   CSV                                   csvCell
//   Markdown (report, tickets)            escapeMarkdown, escapeMarkdownCell, markdownCodeBlock
//   HTML                                  escapeHtml

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

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe inside an HTML element or a quoted attribute value; control characters shown as terminalSafe does. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return terminalSafe(text(value)).replace(/[&<>"'`]/g, (c) => HTML[c]!);
}

/**
 * Characters a reader cannot see: whitespace (tab, no-break and wide spaces)
 * and zero-width or invisible format characters.
 */
const INVISIBLE = /^[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]*$/;

/**
 * An empty or all-whitespace value says so in words: a code span of spaces
 * renders as nothing (a table cell or list item that looks unset, and GFM
 * trims cell whitespace), and a tab or no-break space is not visibly there.
 */
function markdownBlank(s: string): string | undefined {
  if (s === '') return '(empty)';
  if (!INVISIBLE.test(s)) return undefined;
  const n = [...s].length;
  return `(blank: ${n} whitespace character${n === 1 ? '' : 's'})`;
}

/**
 * A provider value as literal inline Markdown: a code span. GitHub turns
 * `@name` into a mention and bare URLs into links after rendering, whatever
 * backslashes or entities were used, except inside code; a code span is also
 * what a reader copies exactly. Line breaks become spaces (a blank line would
 * end the span); the fence is longer than any run of backticks inside. A
 * missing, empty or whitespace-only value is named in words ("(none)",
 * "(empty)", "(blank: 2 whitespace characters)") so it is seen.
 */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  const s = String(value)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const blank = markdownBlank(s);
  if (blank) return blank;
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space on each side when both are there (unless the
  // span is all spaces): pad when the value starts or ends with a backtick or
  // a space so nothing is lost.
  const pad = !/^ +$/.test(s) && /^[` ]|[` ]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * A provider value in a GitHub table cell: the code span of escapeMarkdown
 * with `|` escaped, since GFM splits table rows on `|` before it reads code
 * spans (`\|` inside the span renders as `|`).
 */
export function escapeMarkdownCell(value: unknown): string {
  return escapeMarkdown(value).replace(/\|/g, '\\|');
}

/** The same, under the name the report uses. */
export const markdownTableCell = escapeMarkdownCell;

/** A fenced Markdown code block holding `text` literally (a remediation command). */
export function markdownCodeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

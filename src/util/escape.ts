// Escaping for each output, in one place. Every value from a provider (a
// user name, a tag, a catalog annotation, an HR title) is data: it must
// never become markup, a link, a mention, an image, a spreadsheet formula or
// a terminal escape sequence.

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
  return terminalSafe(text(value)).replace(/[&<>"'`]/g, (c) => HTML[c]!);
}

/**
 * A provider value as literal inline Markdown: a code span. GitHub turns
 * `@name` into a mention and bare URLs into links after rendering, whatever
 * backslashes or entities were used, except inside code; a code span is also
 * what a reader copies exactly. Line breaks become spaces (a blank line would
 * end the span); the fence is longer than any run of backticks inside.
 */
export function escapeMarkdown(value: unknown): string {
  const s = String(value ?? '')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  if (s === '') return '';
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space on each side when both are there (unless the
  // span is all spaces): pad when the value starts or ends with a backtick or
  // a space so nothing is lost.
  const pad = !/^ +$/.test(s) && /^[` ]|[` ]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced Markdown code block holding `text` literally (a remediation command). */
export function markdownCodeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * A provider value in a Markdown table cell: a code span (escapeMarkdown)
 * whose pipes are escaped, since GitHub's tables split cells on `|` even
 * inside code spans and read `\|` as a literal pipe there.
 */
export function markdownTableCell(value: unknown): string {
  return escapeMarkdown(value).replace(/\|/g, '\\|');
}

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a
 * formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
 * leading apostrophe, as OWASP's CSV-injection advice says. Control
 * characters are shown as terminalSafe does (a CSV is often read with cat).
 */
export function csvCell(value: unknown): string {
  let s = terminalSafe(text(value));
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Text for a terminal: control characters (ESC sequences, C1 controls,
 * backspace, carriage return, bidirectional overrides) are shown as `\u{..}`
 * instead of acting on the terminal. Tabs and new lines are kept.
 */
export function terminalSafe(value: unknown): string {
  return text(value).replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Every value from a provider is data. Each output escapes it in one place,
// here: a user name cannot inject HTML, Markdown links or images, spreadsheet
// formulas or terminal escape sequences.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values; control characters shown as terminalSafe does. */
export function escapeHtml(value: unknown): string {
  return terminalSafe(text(value)).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Text for Markdown (CommonMark and GitHub tables): every punctuation that
 * can start markup is backslash-escaped, `<` and `>` become entities (so no
 * raw HTML or autolink), and line breaks become spaces so a value stays in
 * its line, list item or table cell. GitHub's extended autolinks (`www.`,
 * `scheme://`) are found after escapes are read, so a zero-width space
 * breaks them. Markdown is read in terminals too: control characters are
 * shown, as terminalSafe does.
 */
export function escapeMarkdown(value: unknown): string {
  return terminalSafe(text(value).replace(/[\r\n]+/g, ' '))
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`)
    .replace(/[\\`*_{}[\]()#+\-.!|~=:]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
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

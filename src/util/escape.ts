// Escaping for each output, in one place. Every value from a provider (a
// user name, a tag, a catalog annotation, an HR title) is data: it must
// never become markup, a link, a mention or an image.

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe inside an HTML element or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => HTML[c]!);
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

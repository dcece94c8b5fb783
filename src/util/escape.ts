// Escaping for each output, in one place. Every value from a provider (a
// user name, a tag, a catalog annotation, an HR title) is data: it must
// never become markup in a page.

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

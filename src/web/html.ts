// HTML templating where escaping is the default: every value interpolated
// into `html\`...\`` is escaped unless it is itself the output of `html` (or
// `raw`, kept for fixed markup written here). Provider values can only ever
// become text.
import { escapeHtml } from '../util/escape.js';

export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(v: Part): string {
  if (v instanceof SafeHtml) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup written in this code base, never a provider value. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A query string from pairs, each part URL-encoded (then escaped by `html` where used). */
export function queryString(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A path segment, URL-encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

// Building blocks of the email HTML: table layout with inline styles (what
// Outlook and Gmail keep), explicit background and text colours on every
// block (so dark-mode clients that invert only some colours stay readable).
import { escapeHtml } from '../../src/util/escape.js';

export const C = {
  page: '#f2f4f7',
  card: '#ffffff',
  text: '#101828',
  muted: '#475467',
  line: '#d0d5dd',
  warnBg: '#fef3f2',
  warnText: '#912018',
  warnLine: '#b42318',
} as const;

export const SEVERITY_BG = { critical: '#b42318', high: '#c4320a', medium: '#a15c07', low: '#475467' } as const;

export const FONT = "font-family:Arial,Helvetica,sans-serif;";

/** A raw HTML fragment, built only from escaped values. */
export type Html = { readonly html: string };
export const raw = (html: string): Html => ({ html });
const out = (v: string | number | Html | null) => (v === null ? '' : typeof v === 'object' ? v.html : escapeHtml(v));

export function h2(title: string): string {
  return `<tr><td bgcolor="${C.card}" style="${FONT}padding:20px 24px 6px 24px;background-color:${C.card};color:${C.text};font-size:17px;font-weight:bold;">${escapeHtml(title)}</td></tr>`;
}

export function para(text: string | Html): string {
  return `<tr><td bgcolor="${C.card}" style="${FONT}padding:4px 24px;background-color:${C.card};color:${C.muted};font-size:13px;line-height:18px;">${out(text)}</td></tr>`;
}

/** A data table; `kpi` cells carry data-kpi so a reader (or a test) can tie a number to its JSON key. */
export function table(columns: string[], rows: (string | number | Html | null)[][], empty = 'None.'): string {
  if (!rows.length) return para(empty);
  const th = columns
    .map((c) => `<th align="left" style="${FONT}padding:6px 8px;border-bottom:1px solid ${C.line};color:${C.muted};font-size:12px;">${escapeHtml(c)}</th>`)
    .join('');
  const trs = rows
    .map(
      (r) =>
        `<tr>${r.map((v) => `<td valign="top" style="${FONT}padding:6px 8px;border-bottom:1px solid ${C.line};color:${C.text};font-size:13px;word-break:break-word;overflow-wrap:anywhere;">${out(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<tr><td bgcolor="${C.card}" style="padding:4px 16px;background-color:${C.card};"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;table-layout:fixed;"><tr>${th}</tr>${trs}</table></td></tr>`;
}

export function kpi(key: string, value: string | number | null, shown?: string): Html {
  return raw(`<span data-kpi="${escapeHtml(key)}">${escapeHtml(shown ?? (value === null ? '–' : String(value)))}</span>`);
}

/** A row of big-number tiles. */
export function tiles(items: { label: string; key: string; value: number | null; bg?: string }[]): string {
  const width = Math.floor(100 / items.length);
  const cells = items
    .map((t) => {
      const bg = t.bg ?? C.page;
      const fg = t.bg ? '#ffffff' : C.text;
      return `<td width="${width}%" align="center" bgcolor="${bg}" style="${FONT}padding:10px 4px;background-color:${bg};color:${fg};border:3px solid ${C.card};"><div style="font-size:24px;font-weight:bold;color:${fg};" data-kpi="${escapeHtml(t.key)}">${t.value === null ? '–' : t.value}</div><div style="font-size:12px;color:${fg};">${escapeHtml(t.label)}</div></td>`;
    })
    .join('');
  return `<tr><td bgcolor="${C.card}" style="padding:4px 20px;background-color:${C.card};"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${cells}</tr></table></td></tr>`;
}

export function warningBlock(warnings: string[]): string {
  if (!warnings.length) return '';
  const items = warnings.map((w) => `<li style="margin:0 0 6px 0;" data-warning="1">${escapeHtml(w)}</li>`).join('');
  return `<tr><td bgcolor="${C.warnBg}" style="${FONT}padding:14px 24px;background-color:${C.warnBg};color:${C.warnText};border-left:6px solid ${C.warnLine};font-size:14px;"><div style="font-size:16px;font-weight:bold;color:${C.warnText};">Warning: this report's data cannot be fully trusted</div><ul style="margin:8px 0 0 18px;padding:0;color:${C.warnText};">${items}</ul></td></tr>`;
}

export function image(src: string, alt: string, width: number, height: number): string {
  return `<tr><td bgcolor="${C.card}" align="center" style="padding:8px 24px;background-color:${C.card};"><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}" width="${width}" height="${height}" style="display:block;width:100%;max-width:${width}px;height:auto;border:0;background-color:#ffffff;"></td></tr>`;
}

export function severityBadge(severity: string): Html {
  const bg = SEVERITY_BG[severity as keyof typeof SEVERITY_BG] ?? C.muted;
  return raw(`<span style="display:inline-block;padding:1px 6px;background-color:${bg};color:#ffffff;font-size:11px;border-radius:3px;">${escapeHtml(severity)}</span>`);
}

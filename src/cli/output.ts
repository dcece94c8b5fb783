// Output for people (an aligned table) and for scripts (JSON, CSV). Tables
// and CSV flatten nested values to JSON text.
export type Format = 'table' | 'json' | 'csv';

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function csvField(v: unknown): string {
  const s = cell(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}

export function toTable(columns: string[], rows: Record<string, unknown>[], maxWidth = 60): string {
  if (!rows.length) return '(no rows)\n';
  const text = rows.map((r) => columns.map((c) => truncate(cell(r[c]), maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}

function truncate(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

export function render(format: Format, columns: string[], rows: Record<string, unknown>[], json: unknown = rows): string {
  if (format === 'json') return JSON.stringify(json, null, 2) + '\n';
  if (format === 'csv') return toCsv(columns, rows);
  return toTable(columns, rows);
}

export function columnsOf(rows: Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

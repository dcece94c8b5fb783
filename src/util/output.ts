// Output for people (an aligned table) and for scripts (JSON, CSV). Tables
// and CSV flatten nested values to text; every cell goes through the escaping
// of its format (src/util/escape.ts), since names come from providers.
import { csvCell, terminalSafe } from './escape.js';

export type Format = 'table' | 'json' | 'csv';

/** A node as a cell: `(:Label {"key":"..."})` (every graph node is an Entity: that label says nothing). */
function nodeText(n: Record<string, unknown>): string {
  const labels = Array.isArray(n._labels) ? n._labels.filter((l) => l !== 'Entity').map((l) => `:${l}`).join('') : '';
  const id = n.key ?? n.id;
  return `(${labels}${id === undefined ? '' : ` ${JSON.stringify({ [n.key !== undefined ? 'key' : 'id']: id })}`})`;
}

/** A relationship as a cell, with its end nodes: `(:A {..})-[:TYPE {props}]->(:B {..})`. */
function relationshipText(r: Record<string, unknown>): string {
  const { _type, _start, _end, ...props } = r;
  const body = Object.keys(props).length ? ` ${JSON.stringify(props)}` : '';
  const end = (n: unknown) => (n && typeof n === 'object' ? nodeText(n as Record<string, unknown>) : '()');
  return `${end(_start)}-[:${String(_type)}${body}]->${end(_end)}`;
}

function isRelationship(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>)._type === 'string';
}

/** A value as plain text (not yet escaped for any format). */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (isRelationship(v)) return relationshipText(v);
  if (Array.isArray(v) && v.length && v.every(isRelationship)) return v.map(relationshipText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One CSV field: flattened to text, then escaped (OWASP formula rule, RFC 4180 quoting). */
export function csvField(v: unknown): string {
  return csvCell(typeof v === 'number' ? v : cell(v));
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}

export function toTable(columns: string[], rows: Record<string, unknown>[], maxWidth = 60): string {
  if (!rows.length) return '(no rows)\n';
  const head = columns.map((c) => terminalSafe(c));
  const text = rows.map((r) => columns.map((c) => truncate(terminalSafe(cell(r[c])), maxWidth)));
  const widths = head.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** `maxWidth` cuts long table cells (with `…`); the JSON and CSV forms are never cut. */
export function render(
  format: Format,
  columns: string[],
  rows: Record<string, unknown>[],
  json: unknown = rows,
  maxWidth = 60,
): string {
  if (format === 'json') return JSON.stringify(json, null, 2) + '\n';
  if (format === 'csv') return toCsv(columns, rows);
  return toTable(columns, rows, maxWidth);
}

export function columnsOf(rows: Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

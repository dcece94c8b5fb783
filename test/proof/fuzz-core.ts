// The fuzzing property shared by `npm run proof:fuzz` and test/fuzz.test.ts:
// one file of the demo estate is mangled (truncated, bytes flipped, a value
// of the wrong type, nested deep, a huge string, invalid UTF-8, BOM/CRLF,
// emptied, replaced by a FIFO, a folder or a device) and its source's
// loadSnapshot runs over the snapshot. What must hold:
// - loadSnapshot never throws, and every failure is a SourceError (no
//   TypeError/RangeError from deep inside a parser or mapper);
// - every failure names the mangled file;
// - no failure quotes the file's content (a planted canary never shows);
// - the other containers of the source load exactly as before, and a failed
//   container contributes nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import { registry } from '../../connectors/index.js';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import type { GraphBatch } from '../../src/graph/records.js';
import { silentProgress } from '../../src/util/progress.js';
import { snapshotNow } from '../../src/scan/snapshot.js';
import { UsageError } from '../../src/util/errors.js';

export const DEMO = new URL('../../examples/demo-estate/', import.meta.url).pathname;
/** Never shown in an error: planted in the mangled file before mangling. */
export const CANARY = 'Zq9CanaryValueNeverQuoted';
const NOW = '2026-11-20T02:00:00.000Z';

export const KINDS = [
  'truncate',
  'flip',
  'wrong-type',
  'deep',
  'huge-string',
  'bad-utf8',
  'bom-crlf',
  'empty',
  'top-level',
  'non-regular',
  // Issue 28 class 1: odd files that were read as "absent" or "empty".
  'header',
  'no-value',
  'symlink',
  'duplicate',
  'missing',
] as const;
export type Kind = (typeof KINDS)[number];

/** A case is small and serialisable: the bytes are made from it in the worker. */
export interface FuzzCase {
  file: string; // snapshot-relative, e.g. aws/111111111111/access-keys.json; `manifest.json` for the manifest
  kind: Kind;
  /** Fractions and counts the mutation draws on. */
  at: number[];
  n: number;
  pick: number;
  canary: boolean;
  /** For .gz files: mangle the expanded text and compress again, or mangle the compressed bytes. */
  inside: boolean;
  /** The sweep: this field name, everywhere it occurs, gets WRONG[wrong]. */
  field?: string;
  wrong?: number;
}

export interface CaseResult {
  file: string;
  kind: Kind;
  uncaught: string | null;
  unnamed: string | null;
  quoted: string | null;
  othersAffected: string | null;
  /** A property a store cannot hold (an object, a nested or mixed list): its write would fail later. */
  badValue: string | null;
  /** With scans (--scans): the second scan exited 0 and resolved findings a clean second scan keeps. */
  resolvedOnExit0?: number;
  /** With scans: the second scan's exit code. */
  scanExit?: number;
  /**
   * With scans: the load already failed the file's container, so the scan (the
   * same load) exits 1 and its resolutions are not in question: the scan is
   * left out, except for one case in ten (or every case with --scan-all),
   * which checks that claim (`failedLoadExit0`).
   */
  scanLeftOut?: boolean;
  /** With scans: the load failed the file's container and still the scan exited 0 (must never be). */
  failedLoadExit0?: boolean;
  /** The case itself, to reproduce a failure (`--case JSON`). */
  input?: FuzzCase;
  /** With scans: the first few findings it resolved that the clean counterpart keeps (to reproduce a failure). */
  resolvedIds?: string[];
  ms: number;
}

/** Every file of the demo estate a connector reads, plus the manifest. */
export function fuzzFiles(): string[] {
  const out: string[] = ['manifest.json'];
  for (const c of registry) {
    const dir = join(DEMO, c.source);
    let names: string[];
    try {
      names = readdirSync(dir, { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      try {
        readFileSync(join(dir, n));
        out.push(`${c.source}/${n}`);
      } catch {
        /* a folder */
      }
    }
  }
  return out;
}

export function caseArbitrary(files: string[], kinds: readonly Kind[] = KINDS): fc.Arbitrary<FuzzCase> {
  return fc.record({
    file: fc.constantFrom(...files),
    // Values of the wrong type reach the mappers (the rest mostly stops at the parser): weighted up.
    kind: fc.oneof({ arbitrary: fc.constant<Kind>('wrong-type'), weight: 4 }, { arbitrary: fc.constantFrom(...kinds), weight: 6 }),
    at: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 4, maxLength: 4 }),
    n: fc.integer({ min: 1, max: 64 }),
    pick: fc.nat(1000),
    canary: fc.boolean(),
    inside: fc.boolean(),
  });
}

// ---- building the mangled bytes ----

type Json = unknown;

function jsonNodes(v: Json, out: { parent: any; key: string | number }[] = [], parent?: any, key?: string | number) {
  if (parent !== undefined) out.push({ parent, key: key! });
  if (Array.isArray(v)) v.forEach((x, i) => jsonNodes(x, out, v, i));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) jsonNodes((v as any)[k], out, v, k);
  return out;
}

/** Every field name of a parsed value (object keys; list positions are not names). */
function fieldNames(v: Json): string[] {
  return [...new Set(jsonNodes(v).filter((m) => !Array.isArray(m.parent)).map((m) => String(m.key)))].sort();
}

/**
 * The sweep: every field name of every JSON and YAML file, set everywhere it
 * occurs to each value of another type, so no field a mapper reads is left
 * to chance.
 */
export function sweepCases(files: string[]): FuzzCase[] {
  const out: FuzzCase[] = [];
  for (const file of files) {
    if (!/\.(json|ya?ml)(\.gz)?$/.test(file)) continue;
    const raw = readFileSync(join(DEMO, file));
    const text = (/\.gz$/.test(file) ? gunzipSync(raw) : raw).toString('utf8');
    const values = /\.ya?ml$/.test(file) ? parseAllDocuments(text).map((d) => d.toJS()) : [JSON.parse(text)];
    const nodes = jsonNodes(values);
    for (const field of fieldNames(values)) {
      const had = nodes.filter((m) => !Array.isArray(m.parent) && String(m.key) === field).map((m) => m.parent[m.key]);
      WRONG.forEach((w, wrong) => {
        // A value the field already takes in the clean estate is a legitimate edit, not a wrong type.
        if (had.every((h) => legitFor(h, w, had))) return;
        out.push({ file, kind: 'wrong-type', at: [0, 0, 0, 0], n: 1, pick: 0, canary: false, inside: true, field, wrong });
      });
    }
  }
  return out;
}

const WRONG: Json[] = [null, 42, -1.5, true, '', 'x', [], {}, [1, 'a'], { a: null }, 1e308];

const typeOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Putting `w` where the clean file has `h` (and the field takes the values
 * `had` across the file) is a legitimate edit of the data, not a wrong type:
 * a value of the same type (another name, another count, `true` for `false`)
 * or a null where the field is null elsewhere in the clean file. Such an edit
 * may rightly resolve findings (a renamed key is another key), so the
 * wrong-type kind never makes one: its "exit 0 and resolved" column stays a
 * statement about wrong types only.
 */
function legitFor(h: Json, w: Json, had: Json[]): boolean {
  if (typeOf(w) === 'null') return had.some((x) => x === null);
  if (typeOf(h) !== typeOf(w)) return false;
  // Lists and maps: emptied is a plain edit (no tags, no annotations); a map of
  // strings with another key in it too (`{a: null}` for the keys read is none of
  // them). Any other shape is a wrong one.
  if (JSON.stringify(h) === JSON.stringify(w)) return true;
  if (typeOf(w) === 'array') return (w as Json[]).length === 0;
  if (typeOf(w) === 'object') return Object.keys(w as object).length === 0 || Object.values(h as object).every((x) => typeof x === 'string');
  return true;
}

/** The wrong value for a node: WRONG[i], or the next one that is a wrong type there. */
function wrongAt(i: number, h: Json, had: Json[]): Json {
  for (let k = 0; k < WRONG.length; k++) {
    const w = WRONG[(i + k) % WRONG.length];
    if (!legitFor(h, w, had)) return structuredClone(w);
  }
  return structuredClone(WRONG[i % WRONG.length]);
}
const DEEP_MARK = '"__DEEP__"';

function deepText(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

function plantCanaryJson(v: Json, pick: number): Json {
  const strings = jsonNodes(v).filter((n) => typeof n.parent[n.key] === 'string');
  if (strings.length === 0) return v;
  const n = strings[pick % strings.length]!;
  n.parent[n.key] = `${CANARY}${n.parent[n.key]}`;
  return v;
}

function mangleJson(text: string, c: FuzzCase): string | null {
  let v: Json;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const nodes = jsonNodes(v);
  const node = nodes.length ? nodes[Math.floor(c.at[0]! * nodes.length)]! : null;
  if (c.kind === 'wrong-type') {
    if (!node) return JSON.stringify(WRONG[c.pick % WRONG.length]);
    // Aim at field names, not at random nodes: each field the mappers read
    // (a `Path`, a `Tags` list, a record of a list) is hit as often as any
    // other, once or everywhere it occurs, with a value of another type.
    if (c.field !== undefined) {
      for (const m of nodes) if (String(m.key) === c.field) m.parent[m.key] = structuredClone(WRONG[c.wrong!]);
      return JSON.stringify(v, null, 2);
    }
    const names = fieldNames(v);
    const name = names[Math.floor(c.at[1]! * names.length)]!;
    const hits = nodes.filter((m) => String(m.key) === name);
    const had = hits.map((m) => m.parent[m.key]);
    const chosen = c.n % 2 ? hits : [hits[Math.floor(c.at[2]! * hits.length)]!];
    chosen.forEach((m, i) => {
      m.parent[m.key] = wrongAt(c.pick + (c.n % 3 === 0 ? i : 0), m.parent[m.key], had);
    });
    return JSON.stringify(v, null, 2);
  }
  if (c.kind === 'deep') {
    const depth = [200, 5_000, 100_000, 1_000_000][c.pick % 4]!;
    if (node) node.parent[node.key] = '__DEEP__';
    const s = node ? JSON.stringify(v) : DEEP_MARK;
    const deep = c.pick % 2 ? deepText(depth, '[', ']') : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return s.replace(DEEP_MARK, deep);
  }
  if (c.kind === 'huge-string') {
    const size = [70_000, 1_000_000, 20_000_000][c.pick % 3]!;
    const huge = 'A'.repeat(size);
    if (node) node.parent[node.key] = huge;
    else return JSON.stringify(huge);
    return JSON.stringify(v);
  }
  return JSON.stringify(v, null, 2);
}

function mangleCsv(text: string, c: FuzzCase): string {
  const lines = text.split('\n');
  const li = Math.floor(c.at[0]! * lines.length);
  if (c.kind === 'wrong-type') {
    const junk = ['', '"', '""', '1e308', 'null', ',,,,', '"a\nb"', '=cmd()', 'true,false'];
    const cells = lines[li]!.split(',');
    const col = Math.floor(c.at[1]! * cells.length);
    cells[col] = notInColumn(lines, col, junk, c.pick);
    lines[li] = cells.join(',');
  } else if (c.kind === 'deep') {
    lines[li] = lines[li] + '"' + '['.repeat(100_000) + '"';
  } else if (c.kind === 'huge-string') {
    const size = [70_000, 1_000_000, 20_000_000][c.pick % 3]!;
    const cells = lines[li]!.split(',');
    cells[Math.floor(c.at[1]! * cells.length)] = 'A'.repeat(size);
    lines[li] = cells.join(',');
  }
  return lines.join('\n');
}

/**
 * The canary, planted in the clean text before any mangling: the same text
 * with the canary and without the mangling is the clean counterpart a scan
 * of the mangled file is compared with (a canary in a name or id is a
 * rename, which may rightly resolve findings).
 */
function plantCanary(text: string, ext: string, pick: number): string {
  if (ext === 'json') {
    try {
      return JSON.stringify(plantCanaryJson(JSON.parse(text.replace(/^\uFEFF/, '')), pick), null, 2);
    } catch {
      return text;
    }
  }
  if (ext === 'csv') {
    const lines = text.split('\n');
    if (lines.length > 1) {
      const li = 1 + (pick % Math.max(1, lines.length - 1));
      const cells = lines[li]!.split(',');
      cells[pick % cells.length] = CANARY;
      lines[li] = cells.join(',');
    }
    return lines.join('\n');
  }
  const m = [...text.matchAll(/: ([A-Za-z][\w.-]+)$/gm)];
  if (!m.length) return text;
  const hit = m[pick % m.length]!;
  return text.slice(0, hit.index!) + `: ${CANARY}${hit[1]}` + text.slice(hit.index! + hit[0].length);
}

/**
 * junk[pick], or the next one the column never holds in the clean file (an
 * empty cell where the column has empty cells is a legitimate edit, which may
 * rightly resolve findings: an empty end_date is a person still employed).
 */
function notInColumn(lines: string[], col: number, junk: string[], pick: number): string {
  const held = new Set(lines.slice(1).map((l) => l.split(',')[col]?.trim()));
  for (let k = 0; k < junk.length; k++) {
    const j = junk[(pick + k) % junk.length]!;
    if (!held.has(j.trim())) return j;
  }
  return junk[pick % junk.length]!;
}

function mangleYaml(text: string, c: FuzzCase): string {
  const t = text;
  if (c.field !== undefined) {
    const docs = parseAllDocuments(t).map((d) => d.toJS() as Json);
    for (const m of jsonNodes(docs)) if (!Array.isArray(m.parent) && m.key === c.field) m.parent[m.key] = structuredClone(WRONG[c.wrong!]);
    return docs.map((d) => stringifyYaml(d)).join('---\n');
  }
  const lines = t.split('\n');
  const li = Math.floor(c.at[0]! * lines.length);
  const keyed = /^(\s*[\w./-]+:)\s*(.*)$/.exec(lines[li]!);
  if (c.kind === 'wrong-type') {
    const junk = ['null', '42', '[]', '{}', '[1, a]', '{a: null}', '~', 'true', '&x a', '*x', '!!binary AAAA', '"\\u0000"', '|'];
    lines[li] = keyed ? `${keyed[1]} ${junk[c.pick % junk.length]}` : junk[c.pick % junk.length]!;
  } else if (c.kind === 'deep') {
    const depth = [200, 5_000, 100_000][c.pick % 3]!;
    const deep = c.pick % 2 ? deepText(depth, '[', ']') : '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
    lines[li] = keyed ? `${keyed[1]} ${deep}` : deep;
  } else if (c.kind === 'huge-string') {
    const size = [70_000, 1_000_000, 20_000_000][c.pick % 3]!;
    lines[li] = keyed ? `${keyed[1]} ${'A'.repeat(size)}` : 'A'.repeat(size);
  }
  return lines.join('\n');
}

const NO_VALUES = ['', 'None', 'N/A', 'null', 'no_information', ' '];

/** A header renamed the way people misspell it: a letter dropped, doubled or swapped, or the case and separators changed. */
function misspell(h: string, pick: number): string {
  if (h.length < 2) return `${h}x`;
  const i = 1 + (pick % (h.length - 1));
  switch (pick % 4) {
    case 0: return h.slice(0, -1);
    case 1: return h.slice(0, i) + h[i] + h.slice(i);
    case 2: return h.slice(0, i - 1) + h[i] + h[i - 1] + h.slice(i + 1);
    default: return h.replace(/_/g, ' ').replace(/\b\w/g, (x) => x.toUpperCase());
  }
}

/** The odd-file kinds that change content: a misspelled header, a no-value marker, a duplicate id with other content. */
function mangleOdd(text: string, ext: string, c: FuzzCase): string {
  if (ext === 'csv') {
    const lines = text.split('\n');
    if (c.kind === 'header') {
      const cells = lines[0]!.split(',');
      const i = Math.floor(c.at[1]! * cells.length);
      cells[i] = misspell(cells[i]!.trim(), c.pick);
      lines[0] = cells.join(',');
    } else if (c.kind === 'no-value' && lines.length > 1) {
      const li = 1 + Math.floor(c.at[0]! * (lines.length - 1));
      const cells = lines[li]!.split(',');
      const col = Math.floor(c.at[1]! * cells.length);
      cells[col] = notInColumn(lines, col, NO_VALUES, c.pick);
      lines[li] = cells.join(',');
    } else if (c.kind === 'duplicate' && lines.length > 2) {
      // The first data row again, one cell changed: a duplicate id with different content.
      const cells = lines[1]!.split(',');
      const i = 1 + Math.floor(c.at[1]! * Math.max(1, cells.length - 1));
      cells[i % cells.length] = `${cells[i % cells.length]}x`;
      lines.splice(2, 0, cells.join(','));
    }
    return lines.join('\n');
  }
  if (ext !== 'json') {
    if (c.kind === 'duplicate') return `${text}\n---\n${text.split(/^---$/m)[0]!.replace(/(description: )(.*)/, '$1$2 (other)')}`;
    if (c.kind === 'no-value') return text.replace(/^(\s*[\w.-]+: )\S.*$/m, `$1"${NO_VALUES[c.pick % NO_VALUES.length]}"`);
    return text;
  }
  let v: Json;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
  const nodes = jsonNodes(v);
  if (c.kind === 'no-value') {
    const strings = nodes.filter((n) => typeof n.parent[n.key] === 'string');
    if (strings.length) {
      const n = strings[Math.floor(c.at[0]! * strings.length)]!;
      // A marker the field holds elsewhere in the clean file is a legitimate value there.
      const held = new Set(nodes.filter((m) => String(m.key) === String(n.key)).map((m) => m.parent[m.key]));
      n.parent[n.key] = NO_VALUES.map((_, k) => NO_VALUES[(c.pick + k) % NO_VALUES.length]!).find((x) => !held.has(x)) ?? NO_VALUES[c.pick % NO_VALUES.length];
    }
  } else if (c.kind === 'duplicate') {
    // A list of objects: one item again with one field changed.
    const lists = nodes.map((n) => n.parent[n.key]).filter((x) => Array.isArray(x) && x.length && x.every((y: unknown) => y && typeof y === 'object' && !Array.isArray(y)));
    if (Array.isArray(v) && v.length && v.every((y) => y && typeof y === 'object')) lists.unshift(v);
    if (lists.length) {
      const list = lists[Math.floor(c.at[0]! * lists.length)] as Record<string, unknown>[];
      const item = structuredClone(list[Math.floor(c.at[1]! * list.length)]!);
      const keys = Object.keys(item).filter((k) => typeof item[k] === 'string' || typeof item[k] === 'boolean');
      if (keys.length) {
        const k = keys[c.pick % keys.length]!;
        item[k] = typeof item[k] === 'boolean' ? !item[k] : `${item[k]}-other`;
      }
      list.push(item);
    }
  }
  return JSON.stringify(v, null, 2);
}

function mangleText(text: string, file: string, c: FuzzCase): Buffer {
  const ext = /\.(json|csv|ya?ml)(\.gz)?$/.exec(file)?.[1] ?? 'json';
  let t = c.canary ? plantCanary(text, ext, c.pick) : text;
  if (c.kind === 'header' || c.kind === 'no-value' || c.kind === 'duplicate') t = mangleOdd(t, ext, c);
  if (c.kind === 'wrong-type' || c.kind === 'deep' || c.kind === 'huge-string') {
    t = ext === 'json' ? (mangleJson(t, c) ?? t) : ext === 'csv' ? mangleCsv(t, c) : mangleYaml(t, c);
  }
  let b = Buffer.from(t, 'utf8');
  switch (c.kind) {
    case 'truncate':
      b = b.subarray(0, Math.floor(c.at[1]! * b.length));
      break;
    case 'flip': {
      b = Buffer.from(b);
      for (let i = 0; i < c.n && b.length; i++) {
        const at = Math.floor(c.at[i % 4]! * b.length + i * 7919) % b.length;
        b[at] = (c.pick * (i + 1) * 31 + i) & 0xff;
      }
      break;
    }
    case 'bad-utf8': {
      const bad = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0])];
      const at = Math.floor(c.at[1]! * b.length);
      b = Buffer.concat([b.subarray(0, at), bad[c.pick % bad.length]!, b.subarray(at)]);
      break;
    }
    case 'bom-crlf': {
      const s = b.toString('utf8');
      const crlf = c.pick % 3 !== 1 ? s.replace(/\r?\n/g, '\r\n') : s;
      const bom = c.pick % 3 !== 2 ? '\uFEFF' : '';
      const cr = c.pick % 5 === 0 ? crlf.replace(/\r\n/g, '\r') : crlf; // old Mac line ends
      b = Buffer.from(bom + cr, 'utf8');
      break;
    }
    case 'empty':
      b = Buffer.from(['', ' ', '\n', '\uFEFF', '\r\n\r\n', '\t'][c.pick % 6]!, 'utf8');
      break;
    case 'top-level':
      // Not `[]` nor `[{}]` (one empty page, as Google writes one): an emptied list is a
      // legitimate "none", which the tool must take as such, and may rightly resolve findings.
      b = Buffer.from(['null', '42', '"x"', '{}', 'true', '[null]', '[[]]', '{"Records":null}', '---\n', '- a\n- b\n'][c.pick % 10]!, 'utf8');
      break;
    default:
      break;
  }
  return b;
}

function isTracked(file: string): boolean {
  const parts = file.split('/');
  const c = registry.find((x) => x.source === parts[0]);
  if (!c?.trackedFiles) return false;
  const rel = parts.slice(c.hasContainers ? 2 : 1).join('/');
  return c.trackedFiles.includes(rel);
}

/** Put the mangled version of `file` into `snapshot` (a copy of the demo estate). */
export function plant(snapshot: string, c: FuzzCase): void {
  const path = join(snapshot, c.file);
  const original = readFileSync(join(DEMO, c.file));
  rmSync(path, { recursive: true, force: true });
  // Removed: a file the store saw before is now absent. Only files whose absence must leave the
  // data unknown (a connector's trackedFiles); a CloudTrail log or a catalog descriptor may really go.
  if (c.kind === 'missing') {
    if (!isTracked(c.file)) writeFileSync(path, original);
    return;
  }
  if (c.kind === 'symlink') {
    // A symbolic link to a good copy of the very same file, kept outside the snapshot.
    const target = `${snapshot}.links/${c.file.replace(/\//g, '_')}`;
    mkdirSync(`${snapshot}.links`, { recursive: true });
    writeFileSync(target, original);
    symlinkSync(target, path);
    return;
  }
  if (c.kind === 'non-regular') {
    const how = c.pick % 5;
    if (how === 0) execFileSync('mkfifo', [path]);
    else if (how === 1) mkdirSync(path);
    else if (how === 2) symlinkSync('/dev/zero', path);
    else if (how === 3) symlinkSync(join(snapshot, 'no-such-file'), path);
    else symlinkSync('/dev/null', path);
    return;
  }
  const gz = /\.gz$/.test(c.file);
  if (gz && !c.inside) {
    // The compressed bytes themselves: truncated, flipped, emptied.
    writeFileSync(path, mangleBytes(original, c));
    return;
  }
  const text = (gz ? gunzipSync(original) : original).toString('utf8');
  const mangled = mangleText(text, c.file, c);
  writeFileSync(path, gz ? gzipSync(mangled) : mangled);
}

function mangleBytes(b: Buffer, c: FuzzCase): Buffer {
  if (c.kind === 'truncate') return b.subarray(0, Math.floor(c.at[1]! * b.length));
  if (c.kind === 'empty') return Buffer.alloc(0);
  const out = Buffer.from(b);
  for (let i = 0; i < c.n; i++) out[Math.floor(c.at[i % 4]! * out.length + i * 104729) % out.length] = (c.pick + i * 37) & 0xff;
  return out;
}

/** Put the original back. */
export function restore(snapshot: string, c: FuzzCase): void {
  const path = join(snapshot, c.file);
  rmSync(path, { recursive: true, force: true });
  writeFileSync(path, readFileSync(join(DEMO, c.file)));
}

// ---- judging one load ----

export function copyDemo(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}

function connectorOf(file: string): Connector | undefined {
  return registry.find((c) => c.source === file.split('/')[0]);
}

/** The container a file belongs to, as the clean load named it (`openai/<org>` for the ai source is two folders deep). */
function containerOf(c: Connector, file: string, clean: SourceLoad): string {
  if (!c.hasContainers) return '';
  const rel = file.slice(c.source.length + 1);
  return clean.containers.filter((x) => rel.startsWith(`${x}/`)).sort((a, b) => b.length - a.length)[0] ?? file.split('/')[1]!;
}

/** Each container's nodes and edges as sorted JSON, to compare a load with the clean one. */
function byContainer(source: string, graph: GraphBatch): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, line: string) => {
    const container = key.startsWith(`${source}:`) ? key.split(':')[1]! : '';
    const list = out.get(container) ?? [];
    list.push(line);
    out.set(container, list);
  };
  for (const n of graph.nodes) add(n.key, JSON.stringify(n));
  for (const e of graph.edges) add(e.from, JSON.stringify(e));
  for (const l of out.values()) l.sort();
  return out;
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The first property no store can hold (src/graph/records.ts PropValue), or null. */
export function badValue(graph: GraphBatch): string | null {
  const check = (where: string, props: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(props ?? {})) {
      if (v === undefined || v === null || scalar(v)) continue;
      if (Array.isArray(v) && v.every(scalar) && new Set(v.map((x) => typeof x)).size <= 1) continue;
      return `${where} property ${k} is ${Array.isArray(v) ? 'a nested or mixed list' : typeof v}`;
    }
    return null;
  };
  for (const n of graph.nodes) {
    const bad = check(n.key, n.props);
    if (bad) return bad;
  }
  for (const e of graph.edges) {
    const bad = check(`${e.from}-${e.type}->`, e.props);
    if (bad) return bad;
  }
  return null;
}

export type Baseline = Map<string, { load: SourceLoad; parts: Map<string, string[]> }>;

export async function baseline(snapshot: string): Promise<Baseline> {
  const out: Baseline = new Map();
  for (const c of registry) {
    if (!existsSync(join(DEMO, c.source))) continue; // a source the demo estate does not have
    const load = await load1(c, snapshot);
    if (load.failed.length) throw new Error(`the clean demo estate fails ${c.source}: ${load.failed[0]!.error}`);
    out.set(c.source, { load, parts: byContainer(c.source, load.graph) });
  }
  return out;
}

function load1(c: Connector, snapshot: string): Promise<SourceLoad> {
  return c.loadSnapshot({ snapshotDir: snapshot, now: NOW, config: undefined, shared: {}, progress: silentProgress });
}

const short = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}...` : s);

/** 0..9 from the whole case (its drawn numbers lean to edge values, so no one of them will do). */
function tenth(c: FuzzCase): number {
  let h = 0;
  for (const ch of JSON.stringify(c)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % 10;
}

/** Run one case over `snapshot` (mangled in place, restored after). */
export async function runCase(
  snapshot: string,
  base: Baseline,
  c: FuzzCase,
  /** With --scans: a whole second scan over the mangled snapshot (fuzz-scan.ts). */
  scan?: (snapshot: string) => Promise<{ exitCode: number; resolved: string[] }>,
  /** Scan every case, also those whose load failed the container. */
  scanAll = false,
): Promise<CaseResult> {
  const started = Date.now();
  const r: CaseResult = { file: c.file, kind: c.kind, uncaught: null, unnamed: null, quoted: null, othersAffected: null, badValue: null, ms: 0, input: c };
  plant(snapshot, c);
  try {
    if (c.file === 'manifest.json') {
      try {
        await snapshotNow(snapshot);
      } catch (e) {
        if (!(e instanceof UsageError)) r.uncaught = short(`${(e as Error).name}: ${(e as Error).message}`);
        else if (!e.message.includes('manifest.json')) r.unnamed = short(e.message);
        if (e instanceof Error && e.message.includes(CANARY)) r.quoted = short(e.message);
      }
      return r;
    }
    const connector = connectorOf(c.file)!;
    let load: SourceLoad;
    try {
      load = await load1(connector, snapshot);
    } catch (e) {
      r.uncaught = short(`loadSnapshot threw ${(e as Error).name}: ${(e as Error).message}`);
      return r;
    }
    const clean = base.get(connector.source)!;
    const mine = containerOf(connector, c.file, clean.load);
    for (const f of load.failed) {
      // failureOf keeps a place only for SourceError: anything else escaped a parser or mapper.
      if (f.place === undefined) r.uncaught ??= short(f.error);
      else if (f.place.file !== c.file && !f.error.includes(c.file)) r.unnamed ??= short(f.error);
      if (f.error.includes(CANARY)) r.quoted ??= short(f.error);
      if (f.container !== mine) r.othersAffected ??= `container ${f.container} failed: ${short(f.error)}`;
    }
    r.badValue = badValue(load.graph);
    const parts = byContainer(connector.source, load.graph);
    for (const [container, lines] of clean.parts) {
      if (container === mine) continue;
      const now = parts.get(container) ?? [];
      if (now.length !== lines.length || now.some((l, i) => l !== lines[i])) r.othersAffected ??= `container ${container} loaded differently`;
    }
    if (load.failed.some((f) => f.container === mine) && (parts.get(mine)?.length ?? 0) > 0 && connector.hasContainers) {
      r.othersAffected ??= `failed container ${mine} still contributed records`;
    }
    if (scan) {
      const loadFailed = load.failed.some((f) => f.container === mine);
      if (loadFailed && !scanAll && tenth(c) !== 0) {
        r.scanLeftOut = true;
        return r;
      }
      const s = await scan(snapshot);
      r.scanExit = s.exitCode;
      if (loadFailed && s.exitCode === 0) r.failedLoadExit0 = true;
      let resolved = s.resolved;
      if (s.exitCode === 0 && resolved.length && c.canary) {
        // The clean counterpart of a file with a canary is the file with the canary and
        // without the mangling: what a scan of that resolves is the canary's doing (a rename).
        restore(snapshot, c);
        plant(snapshot, { ...c, kind: 'flip', n: 0 });
        const ref = new Set((await scan(snapshot)).resolved);
        resolved = resolved.filter((id) => !ref.has(id));
      }
      if (s.exitCode === 0 && resolved.length) r.resolvedOnExit0 = resolved.length;
      if (resolved.length) r.resolvedIds = resolved.slice(0, 5);
    }
    return r;
  } finally {
    restore(snapshot, c);
    r.ms = Date.now() - started;
  }
}

export interface Tally {
  inputs: number;
  uncaught: number;
  hangs: number;
  unnamed: number;
  quoted: number;
  othersAffected: number;
  badValues: number;
  /** With --scans: second scans run, how many exited 0, and how many of those resolved a finding a clean scan keeps (must be 0). */
  scans: number;
  exit0: number;
  resolvedOnExit0: number;
  /** Scans left out because the load already failed the container (exit 1 certain), and checks of that claim that failed (must be 0). */
  leftOut: number;
  failedLoadExit0: number;
  examples: string[];
}

export function newTally(): Tally {
  return { inputs: 0, uncaught: 0, hangs: 0, unnamed: 0, quoted: 0, othersAffected: 0, badValues: 0, scans: 0, exit0: 0, resolvedOnExit0: 0, leftOut: 0, failedLoadExit0: 0, examples: [] };
}

export function count(t: Tally, r: CaseResult): void {
  t.inputs++;
  const note = (what: string, v: string | null) => {
    if (v && t.examples.length < 40) t.examples.push(`${what} ${r.kind} ${r.file}: ${v}${r.input ? `\n  case: ${JSON.stringify(r.input)}` : ''}`);
  };
  if (r.uncaught) t.uncaught++;
  if (r.unnamed) t.unnamed++;
  if (r.quoted) t.quoted++;
  if (r.othersAffected) t.othersAffected++;
  if (r.badValue) t.badValues++;
  if (r.scanLeftOut) t.leftOut++;
  if (r.failedLoadExit0) {
    t.failedLoadExit0++;
    note('LOAD FAILED, SCAN EXIT 0', 'the scan did not see the failure its load reported');
  }
  if (r.scanExit !== undefined) {
    t.scans++;
    if (r.scanExit === 0) t.exit0++;
    if (r.resolvedOnExit0) {
      t.resolvedOnExit0++;
      note('RESOLVED ON EXIT 0', `${r.resolvedOnExit0} finding(s): ${(r.resolvedIds ?? []).join(', ')}`);
    }
  }
  note('UNCAUGHT', r.uncaught);
  note('UNNAMED', r.unnamed);
  note('QUOTED', r.quoted);
  note('OTHERS', r.othersAffected);
  note('BAD VALUE', r.badValue);
}

// The secrets proof's second table: for each source of the demo estate, a
// token (in one of the shapes secrets come in: ghp_, Bearer, SSWS, a JWT,
// 40 hex digits, a high-entropy key) is appended to every text field of every
// file and every CSV cell, except timestamps, booleans and embedded policy
// documents (which must stay parseable for the rest to be read). Then a scan,
// and every command that writes something; each token must appear nowhere:
// not in the store's files, the output, the findings or the report.
//
// A source may refuse a planted value (an id that is not in its provider's
// format fails the container, naming the file and place; a record whose id
// holds a token is refused by the store's last check). A refusal hides every
// other field behind it, so the field it names is left unplanted and the
// source is planted and read again, until it reads everything: then the
// command line scans files with a token in every field the source keeps.
// Every refusal's text is checked too (it must name the place, never the value).
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { gunzipSync, gzipSync } from 'node:zlib';
import { registry } from '../../connectors/index.js';
import type { GraphBatch } from '../../src/graph/records.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { cli, tempDir } from '../helpers/cli.js';
import { append } from '../../src/util/arrays.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
/**
 * Every source the registry lists that has files in the demo estate, so a
 * new source is covered without editing this script; SECRETS_SOURCES=a,b
 * narrows the run to those sources.
 */
const ONLY = process.env.SECRETS_SOURCES?.split(',').filter(Boolean);
const SOURCES = registry.map((c) => c.source).filter((s) => existsSync(join(DEMO, s)) && (!ONLY || ONLY.includes(s)));

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** n characters of `alphabet`, from a small seeded generator (mulberry32): the same tokens every run, each different. */
function random(n: number, alphabet: string, seed: number): string {
  let a = (seed * 0x9e3779b9) >>> 0;
  let s = '';
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    s += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return s;
}

/** The i-th planted token, in one of the shapes secrets come in. */
function token(i: number): string {
  switch (i % 6) {
    case 0: return `ghp_${random(36, B62, i)}`;
    case 1: return `Bearer ${random(40, B62, i)}`;
    case 2: return `SSWS 00${random(38, B62, i)}`;
    case 3: return `eyJhbGciOiJIUzI1NiJ9.eyJ${random(20, B62, i)}.${random(24, B62, i + 1)}`;
    case 4: return random(40, '0123456789abcdef', i).replace(/^./, 'a').replace(/.$/, '7');
    default: return `${random(12, B62, i)}A1b2C3${random(22, B62, i + 7)}`;
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$/;
const KEEP = (s: string) => s === '' || TIMESTAMP.test(s) || /^(true|false|yes|no)$/i.test(s) || /^[{[%]/.test(s.trim()) || /^-?\d+(\.\d+)?$/.test(s);

export interface FieldRow {
  source: string;
  /** Tokens planted in the files the command line scanned. */
  fields: number;
  /** Fields the source refused, as `file: field`, in the order it named them. */
  refused: string[];
  /** Fields in record ids the store's last check refused (it names the container, not the field). */
  refusedAsId: string[];
  exit: number;
  status: string;
  store: number;
  logs: number;
  findings: number;
  report: number;
}

/** A field of one file: `<snapshot-relative file>\t<JSON key or CSV column>`. */
type FieldId = string;

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/** A planted token and the field it is in. */
export interface Planted {
  token: string;
  field: FieldId;
}

/** Plant a token in every text value of `source`'s files but the `skip` fields. */
export function plant(snap: string, source: string, skip: Set<FieldId>): Planted[] {
  const tokens: Planted[] = [];
  for (const file of filesUnder(join(snap, source))) {
    const rel = file.slice(snap.length + 1).split('\\').join('/');
    const skipped = (field: string) => skip.has(`${rel}\t${field}`);
    const next = (field: string) => {
      const t = token(tokens.length);
      tokens.push({ token: t, field: `${rel}\t${field}` });
      return t;
    };
    const walk = (v: unknown, key = ''): unknown => {
      if (typeof v === 'string') return KEEP(v) || /PolicyDocument|Document$/.test(key) || skipped(key) ? v : `${v} ${next(key)}`;
      if (Array.isArray(v)) return v.map((x) => walk(x, key));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
      return v;
    };
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) writeFileSync(file, JSON.stringify(walk(JSON.parse(text)), null, 1));
    else if (file.endsWith('.json.gz')) writeFileSync(file, gzipSync(JSON.stringify(walk(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'))))));
    else if (/\.ya?ml$/.test(file)) writeFileSync(file, parseAllDocuments(text).map((d) => stringify(walk(d.toJSON()))).join('---\n'));
    else if (file.endsWith('.csv')) {
      const [head, ...rows] = parseCsv(text, { bom: true, relax_column_count: true }) as string[][];
      const planted = rows.map((r) => r.map((c, i) => (KEEP(c.trim()) || skipped(head![i] ?? '') ? c : `${c} ${next(head![i] ?? '')}`)));
      writeFileSync(file, [head!, ...planted].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
    }
  }
  return tokens;
}

/**
 * The fields a failed scan's errors name: `<file> line N: ... column X` or
 * `<file> line N: X is ...` (a CSV column of that file's header), or
 * `<file> at $.a[0].b: ...` (the last key of the JSON path).
 */
export function refusedFields(output: string, snap: string): FieldId[] {
  const out: FieldId[] = [];
  for (const m of output.matchAll(/ (\S+\.(?:json|json\.gz|csv|ya?ml))(?: line \d+)?(?: at (\S+))?: ([^\n]*)/g)) {
    const [, file, path, message] = m;
    if (path) {
      const key = [...path.matchAll(/\.([A-Za-z_@$][\w@$:.-]*?)(?=\.|\[|$)|\["([^"]+)"\]/g)].pop();
      if (key) out.push(`${file}\t${key[1] ?? key[2]}`);
    } else if (file!.endsWith('.csv') && existsSync(join(snap, file!))) {
      const head = (parseCsv(readFileSync(join(snap, file!), 'utf8'), { bom: true, to: 1, relax_column_count: true }) as string[][])[0] ?? [];
      // The column the message starts with (`manager_email is not ...`, `column x: ...`), else the longest one it names.
      const at = (h: string) => message!.startsWith(`${h} `) || message!.startsWith(`column ${h}:`);
      const words = (h: string) => new RegExp(`(^|[^\\w])${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`).test(message!);
      const named = head.find(at) ?? [...head].sort((a, b) => b.length - a.length).find(words);
      if (named) out.push(`${file}\t${named}`);
    }
  }
  return out;
}

/** The secret part of a token (after "Bearer " / "SSWS "): that is what must not land. */
const secretOf = (t: string) => t.split(' ').pop()!;

/**
 * What the source's own reader does with the planted files, in this
 * process (fast): the error of each container it refused, and the keys of
 * the records it read. A refusal by the store's last check (a record's id
 * holds a token) names the container and the kind of record only; the keys
 * say which planted fields those ids came from.
 */
async function readHere(source: string, snap: string): Promise<{ errors: string[]; keys: string[] }> {
  const connector = registry.find((c) => c.source === source)!;
  const keys: string[] = [];
  const take = (g: GraphBatch) => {
    for (const n of g.nodes) keys.push(n.key);
    for (const e of g.edges) keys.push(e.from, e.to);
  };
  const load = await connector.loadSnapshot({
    snapshotDir: snap,
    now: new Date().toISOString(),
    config: undefined,
    shared: {},
    progress: { step() {} },
    onContainer: async (_c, g) => take(g),
  });
  take(load.graph);
  return { errors: load.failed.map((f) => f.error), keys };
}

/**
 * One source. First the fields it refuses are found in this process: plant,
 * read, and again without each field a refusal names (or, for a record id
 * the store would refuse, each field in such an id), until it reads
 * everything; every refusal's text is checked for the tokens. Then the
 * command line scans the files planted in every field but those, and every
 * command that writes something runs.
 */
async function sourceRow(source: string): Promise<FieldRow> {
  const refused = new Set<FieldId>();
  const refusedAsId = new Set<FieldId>();
  const secrets = new Set<string>();
  const seen = { logs: [] as string[], findings: [] as string[], store: [] as string[], report: [] as string[] };
  const fresh = () => {
    const root = tempDir('driftgraph-secrets-fields-');
    const snap = join(root, 'snap');
    cpSync(DEMO, snap, { recursive: true });
    const tokens = plant(snap, source, new Set([...refused, ...refusedAsId]));
    for (const t of tokens) secrets.add(secretOf(t.token));
    return { root, snap, tokens };
  };
  for (let round = 0; round < 500; round++) {
    const { snap, tokens } = fresh();
    const { errors, keys } = await readHere(source, snap);
    append(seen.logs, errors);
    const named = refusedFields(errors.map((e) => ` ${e}`).join('\n'), snap).filter((f) => !refused.has(f));
    for (const f of named) refused.add(f);
    if (named.length) continue;
    const inIds = [...new Set(tokens.filter((p) => keys.some((k) => k.includes(secretOf(p.token)))).map((p) => p.field))].filter((f) => !refusedAsId.has(f));
    for (const f of inIds) refusedAsId.add(f);
    // Read completely, no id holds a token (or a refusal the proof cannot place: the scan below shows it failed).
    if (!inIds.length) break;
  }
  const { root, snap, tokens } = fresh();
  const db = join(root, 'store', 'graph.db');
  const run = (args: string[], into: string[] = seen.logs) => {
    const r = cli(['--db', db, ...args], { cwd: root });
    into.push(r.stdout, r.stderr);
    return r;
  };
  const scan = run(['scan', '--from', snap]);
  run(['findings', '--status', 'all', '--format', 'json'], seen.findings);
  run(['findings', '--status', 'all', '--format', 'csv'], seen.findings);
  run(['query', 'MATCH (n) RETURN n', '--format', 'json']);
  run(['report', '--out', join(root, 'reports')]);
  for (const f of filesUnder(join(root, 'store'))) seen.store.push(readFileSync(f).toString('latin1'));
  for (const f of filesUnder(join(root, 'reports'))) seen.report.push(readFileSync(f).toString('latin1'));
  const line = scan.stdout.split('\n').find((l) => l.startsWith(`${source} `)) ?? '';
  if (process.env.SECRETS_VERBOSE) console.error(`--- ${source}: scan exit ${scan.code}\n${scan.stdout}\n${scan.stderr}`);
  const hits = (hay: string[]) => [...secrets].filter((s) => hay.some((h) => h.includes(s))).length;
  if (process.env.SECRETS_VERBOSE) {
    const landed = tokens.filter((t) => seen.store.some((h) => h.includes(secretOf(t.token))));
    console.error(`--- ${source}: landed in the store from: ${[...new Set(landed.map((t) => t.field.replace('\t', ': ')))].join(', ')}`);
  }
  const show = (set: Set<FieldId>) => [...set].map((f) => f.replace('\t', ': '));
  return {
    source,
    fields: tokens.length,
    refused: show(refused),
    refusedAsId: show(refusedAsId),
    exit: scan.code,
    status: line.split(/\s+/)[1] ?? '?',
    store: hits(seen.store),
    logs: hits(seen.logs),
    findings: hits(seen.findings),
    report: hits(seen.report),
  };
}

export async function everyFieldRows(): Promise<FieldRow[]> {
  const rows: FieldRow[] = [];
  for (const source of SOURCES) rows.push(await sourceRow(source));
  return rows;
}

// The secrets proof's second table: for each source of the demo estate, a
// token (in one of the shapes secrets come in: ghp_, Bearer, SSWS, a JWT,
// 40 hex digits, a high-entropy key) is appended to every text field of every
// file and every CSV cell, except timestamps, booleans and embedded policy
// documents (which must stay parseable for the rest to be read). One scan per
// source, then every command that writes something; each token must appear
// nowhere: not in the store's files, the output, the findings or the report.
// A source may fail on its planted values: its error messages are checked too.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { cli, tempDir } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const SOURCES = ['hr', 'catalog', 'aws', 'gcp', 'github', 'scim', 'okta', 'devices', 'ai'];

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function random(n: number, alphabet: string, seed: number): string {
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += alphabet[x % alphabet.length];
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
  fields: number;
  exit: number;
  status: string;
  store: number;
  logs: number;
  findings: number;
  report: number;
}

/** Plant a token in every text value of `source`'s files; returns the tokens. */
function plant(snap: string, source: string): string[] {
  const tokens: string[] = [];
  const next = () => {
    const t = token(tokens.length);
    tokens.push(t);
    return t;
  };
  const walk = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') return KEEP(v) || /PolicyDocument|Document$/.test(key) ? v : `${v} ${next()}`;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  for (const file of filesUnder(join(snap, source))) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) writeFileSync(file, JSON.stringify(walk(JSON.parse(text)), null, 1));
    else if (/\.ya?ml$/.test(file)) writeFileSync(file, parseAllDocuments(text).map((d) => stringify(walk(d.toJSON()))).join('---\n'));
    else if (file.endsWith('.csv')) {
      const [head, ...rows] = text.trimEnd().split('\n');
      // The demo's CSVs have no quoted commas; a planted cell is quoted in case a token holds one.
      const planted = rows.map((r) => r.split(',').map((c) => (KEEP(c.trim()) ? c : `"${c} ${next()}"`)).join(','));
      writeFileSync(file, [head, ...planted].join('\n') + '\n');
    }
  }
  return tokens;
}

export function everyFieldRows(): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const source of SOURCES) {
    const root = tempDir('driftgraph-secrets-fields-');
    const snap = join(root, 'snap');
    cpSync(DEMO, snap, { recursive: true });
    const tokens = plant(snap, source);
    const db = join(root, 'store', 'graph.db');
    const logs: string[] = [];
    const findings: string[] = [];
    const run = (args: string[], into: string[] = logs) => {
      const r = cli(['--db', db, ...args], { cwd: root });
      into.push(r.stdout, r.stderr);
      return r;
    };
    const scan = run(['scan', '--from', snap]);
    run(['findings', '--status', 'all', '--format', 'json'], findings);
    run(['findings', '--status', 'all', '--format', 'csv'], findings);
    run(['query', 'MATCH (n) RETURN n', '--format', 'json']);
    run(['report', '--out', join(root, 'reports')]);
    const store = filesUnder(join(root, 'store')).map((f) => readFileSync(f).toString('latin1'));
    const report = filesUnder(join(root, 'reports')).map((f) => readFileSync(f).toString('latin1'));
    // The secret part of each token (after "Bearer " / "SSWS "): that is what must not land.
    const secrets = tokens.map((t) => t.split(' ').pop()!);
    const hits = (hay: string[]) => secrets.filter((s) => hay.some((h) => h.includes(s))).length;
    const line = scan.stdout.split('\n').find((l) => l.startsWith(`${source} `)) ?? '';
    rows.push({ source, fields: tokens.length, exit: scan.code, status: line.split(/\s+/)[1] ?? '?', store: hits(store), logs: hits(logs), findings: hits(findings), report: hits(report) });
  }
  return rows;
}

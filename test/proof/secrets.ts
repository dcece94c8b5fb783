// npm run proof:secrets: plant secrets where every provider puts them, run
// every command that writes something (scan, findings in each format, a dump
// of the whole graph, the report, the tickets plan), and count where any of
// them turns up. The goal is zero in every column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { PLANTED_IN, plantedSnapshot, SECRETS } from '../hostile/secret-estate.js';
import { everyFieldRows } from './secrets-every-field.js';

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
}

const { root, snap } = await plantedSnapshot();
const db = join(root, 'store', 'graph.db');
const logs: string[] = [];
const findings: string[] = [];
const run = (args: string[], into: string[] = logs) => {
  const r = cli(['--db', db, ...args], { cwd: root });
  into.push(r.stdout, r.stderr);
  return r.code;
};
const codes = [
  run(['scan', '--from', snap]),
  run(['findings', '--status', 'all', '--format', 'json'], findings),
  run(['findings', '--status', 'all', '--format', 'csv'], findings),
  run(['findings', '--status', 'all'], findings),
  run(['query', 'MATCH (n) RETURN n', '--format', 'json']),
  run(['report', '--out', join(root, 'reports')]),
  run(['tickets', '--dry-run']),
];
const store = filesUnder(join(root, 'store')).map((f) => readFileSync(f).toString('latin1'));
const report = filesUnder(join(root, 'reports')).map((f) => readFileSync(f).toString('latin1'));
const count = (hay: string[], s: string) => hay.filter((h) => h.includes(s)).length;

const rows = Object.entries(SECRETS).map(([k, secret]) => ({
  secret: k,
  planted: PLANTED_IN[k as keyof typeof SECRETS],
  store: count(store, secret),
  logs: count(logs, secret),
  findings: count(findings, secret),
  report: count(report, secret),
}));
const head = ['secret', 'planted in', 'store files', 'logs/output', 'findings', 'report'];
const table = rows.map((r) => [r.secret, r.planted, String(r.store), String(r.logs), String(r.findings), String(r.report)]);
const width = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
console.log(line(head));
console.log(width.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) console.log(line(r));
const total = rows.reduce((n, r) => n + r.store + r.logs + r.findings + r.report, 0);
console.log(`\ncommands run: ${codes.length} (exit codes ${codes.join(' ')}); store files: ${store.length}; report files: ${report.length}`);
console.log(`secrets found anywhere: ${total}`);

// Every field of every source: one scan per source with a token in each text value.
console.log('\nevery text field of every source planted (tokens found; each column must be 0):');
const fieldRows = await everyFieldRows();
const fHead = ['source', 'fields planted', 'fields refused', 'scan exit', 'source status', 'store files', 'logs/output', 'findings', 'report'];
const fTable = fieldRows.map((r) => [r.source, String(r.fields), String(r.refused.length + r.refusedAsId.length), String(r.exit), r.status, String(r.store), String(r.logs), String(r.findings), String(r.report)]);
const fWidth = fHead.map((h, i) => Math.max(h.length, ...fTable.map((r) => r[i]!.length)));
const fLine = (cells: string[]) => cells.map((c, i) => c.padEnd(fWidth[i]!)).join('  ');
console.log(fLine(fHead));
console.log(fWidth.map((w) => '-'.repeat(w)).join('  '));
for (const r of fTable) console.log(fLine(r));
// Refused: the source failed naming that file and place (never the value); the field was then left unplanted.
console.log('\nfields refused (the container failed naming the file and place; planted again without them):');
for (const r of fieldRows) if (r.refused.length) console.log(`  ${r.source}: ${r.refused.join(', ')}`);
console.log('fields in record ids the store refused (the container failed, named with the kind of record, not the field):');
for (const r of fieldRows) if (r.refusedAsId.length) console.log(`  ${r.source}: ${r.refusedAsId.join(', ')}`);
const unpeeled = fieldRows.filter((r) => r.status === 'failed' || r.status === 'partial');
if (unpeeled.length) console.log(`sources that still failed on a planted value the proof could not place: ${unpeeled.map((r) => r.source).join(', ')}`);
const fieldTotal = fieldRows.reduce((n, r) => n + r.store + r.logs + r.findings + r.report, 0);
console.log(`planted tokens found anywhere: ${fieldTotal}`);
process.exitCode = total === 0 && fieldTotal === 0 && unpeeled.length === 0 ? 0 : 1;

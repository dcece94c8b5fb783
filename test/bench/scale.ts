// The scale benchmark: a generated estate (scale-estate.ts) scanned three
// times into a fresh embedded store: first scan, unchanged re-scan a day later,
// and a re-scan with 1 % of identities changed; then `findings --format json`
// streamed, and the engine's own bulk-create rate for nodes of the width the
// scan wrote, measured in the same run. Each step runs in its own process
// (scale-step.ts), so peak RSS is the step's own. Prints a table and JSON.
//   node --import tsx test/bench/scale.ts [--size S|M|L|<people>]
//   S = 2,000 people (default), M = 10,000, L = 100,000 (10 AWS accounts of
//   20,000 users and 5,000 roles; about an hour on two cores)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEstate } from '../helpers/estate.js';
import { awsShape, scaleEstate } from './scale-estate.js';

const SIZES: Record<string, number> = { S: 2_000, M: 10_000, L: 100_000 };
const arg = process.argv.indexOf('--size');
const sizeName = (arg >= 0 ? process.argv[arg + 1] : process.env.BENCH_SIZE) ?? 'S';
const people = SIZES[sizeName.toUpperCase()] ?? Number(sizeName);
if (!Number.isInteger(people) || people < 10) throw new Error(`--size S, M, L or a number of people (>= 10), got ${sizeName}`);

const step = fileURLToPath(new URL('./scale-step.ts', import.meta.url));
const day = (n: number) => new Date(Date.UTC(2026, 10, 10 + n, 2)).toISOString();
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function run(args: string[]): Record<string, any> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', step, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`step ${args[0]} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(last);
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-scale-'));
try {
  const shape = awsShape(people);
  console.log(`estate: ${people.toLocaleString('en')} people, ${shape.accounts} AWS account(s) of ${shape.usersPerAccount.toLocaleString('en')} users and ${shape.rolesPerAccount.toLocaleString('en')} roles`);
  const tg = Date.now();
  const snapshots = {
    first: await writeEstate(scaleEstate({ people, collectedAt: day(0) }), dir),
    unchanged: await writeEstate(scaleEstate({ people, collectedAt: day(1) }), dir),
    changed: await writeEstate(scaleEstate({ people, collectedAt: day(2), changed: true }), dir),
  };
  console.log(`snapshots generated in ${secs(Date.now() - tg)}`);
  const db = join(dir, 'graph.db');
  const scans: [string, Record<string, any>][] = [];
  for (const [name, snap] of Object.entries(snapshots)) {
    const r = run(['scan', db, snap]);
    scans.push([name, r]);
    console.log(`${name} scan: ${secs(r.wallMs)}, peak RSS ${mib(r.peakRssBytes)}`);
  }
  const findings = run(['findings', db, 'json']);
  const first = scans[0]![1];
  const bulkN = Math.min(first.tallies.nodes?.rows ?? 10_000, 200_000);
  const bulk = run(['bulk', join(dir, 'bulk.db'), String(bulkN), String(first.width)]);

  const t = (r: Record<string, any>, kind: string) => r.tallies[kind] ?? { rows: 0, ms: 0, statements: 0 };
  const rowsWritten = (r: Record<string, any>) =>
    ['nodes', 'relationships', 'removals', 'derive', 'findings', 'scan'].reduce((s, k) => s + t(r, k).rows, 0);
  const header = ['scan', 'wall', 'vs first', 'load', 'peak RSS', 'store file', 'nodes', 'rels', 'removed', 'derived', 'findings', 'all rows', 'write time', 'read time'];
  const lines = scans.map(([name, r]) => [
    name,
    secs(r.wallMs),
    `${((r.wallMs / first.wallMs) * 100).toFixed(0)} %`,
    secs(r.loadMs),
    mib(r.peakRssBytes),
    mib(r.fileBytes),
    String(t(r, 'nodes').rows),
    String(t(r, 'relationships').rows),
    String(t(r, 'removals').rows),
    String(t(r, 'derive').rows),
    String(t(r, 'findings').rows),
    String(rowsWritten(r)),
    secs(['nodes', 'relationships', 'removals', 'derive', 'findings', 'scan'].reduce((s, k) => s + t(r, k).ms, 0)),
    secs(t(r, 'reads').ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(`\n${fmt(header)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}`);
  const loadRate = t(first, 'nodes').ms ? Math.round((t(first, 'nodes').rows / t(first, 'nodes').ms) * 1000) : 0;
  console.log(`\nload rate (first scan, node writes): ${loadRate.toLocaleString('en')} nodes/s; ` +
    `engine bulk create of ${bulk.nodes.toLocaleString('en')} nodes of ${bulk.width} properties: ${bulk.perSecond.toLocaleString('en')} nodes/s ` +
    `(${((loadRate / bulk.perSecond) * 100).toFixed(0)} %)`);
  console.log(`findings --format json (all statuses, streamed): ${secs(findings.wallMs)}, peak RSS ${mib(findings.peakRssBytes)}`);
  console.log(`store file: ${mib(scans[0]![1].fileBytes)} after the first scan, ${mib(scans[1]![1].fileBytes)} after the unchanged re-scan ` +
    `(+${mib(scans[1]![1].fileBytes - scans[0]![1].fileBytes)}), ${mib(scans[2]![1].fileBytes)} after the 1 % change`);
  console.log('\n' + JSON.stringify({ size: sizeName, people, shape, scans: Object.fromEntries(scans), findings, bulk, loadRate }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// kill -9 proof: `npm run proof:kill9 [-- --scans N --seed S]`. N scans of the
// demo estate over a store holding an earlier scan, each killed with SIGKILL
// at a random moment (test/proof/kill9-core.ts says what is checked after
// each). Prints a figure table; exits 1 when any failure column is not zero.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failed, fixture, trial, type TrialResult } from './kill9-core.js';
import { arg, seededRandom } from './proof-args.js';

const SCANS = arg('scans', 50);
const random = seededRandom(arg('seed', 20261201));

const root = mkdtempSync(join(tmpdir(), 'driftgraph-kill9-'));
const started = Date.now();
const f = await fixture(root);
process.stderr.write(`clean scan takes ${f.cleanMs} ms; killing ${SCANS} scans at random points in [0, ${Math.round(f.cleanMs * 1.1)}] ms\n`);
const results: TrialResult[] = [];
for (let i = 0; i < SCANS; i++) {
  const r = await trial(f, `t${i}`, Math.round(random() * f.cleanMs * 1.1));
  results.push(r);
  process.stderr.write(`  ${i + 1}/${SCANS}: killed at ${r.killAfterMs} ms, ${r.phase}${failed(r) ? ' FAILED ' + JSON.stringify(r) : ''}\n`);
}
rmSync(root, { recursive: true, force: true });

const n = (p: (r: TrialResult) => boolean) => results.filter(p).length;
const rows: [string, number][] = [
  ['scans killed', results.length],
  ['  killed before writing', n((r) => r.phase === 'before')],
  ['  killed part-way', n((r) => r.phase === 'during')],
  ['  finished before the kill', n((r) => r.phase === 'after')],
  ['part-way kills shown as running', n((r) => r.phase === 'during' && !r.invisible)],
  ['store did not open', n((r) => !r.storeOpened)],
  ['part-way kill not shown incomplete', n((r) => r.invisible)],
  ['next scan did not complete', n((r) => r.storeOpened && !r.nextCompleted)],
  ['nodes/edges differing from clean run', results.reduce((s, r) => s + Math.max(0, r.nodeDiffs), 0)],
  ['runs whose findings JSON differs', n((r) => r.storeOpened && r.findingsDiffer)],
  ["'running' left after next scan", n((r) => r.staleRunning)],
  ['other errors', n((r) => !!r.error)],
];
console.log(`kill -9: ${results.length} scans, ${Math.round((Date.now() - started) / 1000)} s (clean scan ${f.cleanMs} ms)\n`);
console.log('| measure                                | count |');
console.log('|----------------------------------------|-------|');
for (const [k, v] of rows) console.log(`| ${k.padEnd(38)} | ${String(v).padStart(5)} |`);
for (const r of results.filter(failed).slice(0, 10)) console.log('FAILED', JSON.stringify(r));
process.exit(results.some(failed) ? 1 : 0);

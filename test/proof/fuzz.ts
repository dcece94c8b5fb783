// Fuzzing proof: `npm run proof:fuzz [-- --inputs N --seed S --only PATH-PART --scans --no-sweep --case JSON --cases FILE]`. Every file of
// every source of the demo estate (and manifest.json) is mangled by
// test/proof/fuzz-core.ts and loaded by its connector, in worker processes
// watched from here: a case that takes more than 10 s is a hang (the worker
// is ended and a new one takes the next cases). Prints a figure table; exits
// 1 when any failure column is not zero.
//
// --scans: each case also runs a whole second scan of the demo estate, in the
// worker's process through the exported scan (the CLI's own runScan and exit
// code), over a copy of a store holding a clean first scan. "exit 0 and
// resolved" counts scans that exited 0 and resolved a finding the clean
// counterpart keeps (the clean second scan; for a file with a canary, the
// file with the canary and without the mangling): it must be 0. A case whose
// load already failed the file's container is not scanned again ("not
// scanned: load": the scan's load is the same and exits 1), except one in
// ten, which checks that claim ("load failed, exit 0" must be 0); --scan-all
// scans every case.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { KINDS, caseArbitrary, sweepCases, count, fuzzFiles, newTally, type CaseResult, type FuzzCase, type Tally } from './fuzz-core.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const INPUTS = arg('inputs', 10_000);
const SEED = arg('seed', 20261201);
const WORKERS = arg('workers', 2);
// --scans (see above): about 0.3 CPU-seconds a case.
const SCANS = process.argv.includes('--scans');
// --scan-all: also scan the cases whose load failed the container (by default one in ten checks that their scan exits 1).
const SCAN_ALL = process.argv.includes('--scan-all');
const HANG_MS = SCANS ? 120_000 : 10_000;

const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]! : '';
const files = fuzzFiles().filter((f) => f.includes(ONLY));
// Random cases, then the sweep of every field with every wrong type (--no-sweep leaves it out).
const sweep = process.argv.includes('--no-sweep') ? [] : sweepCases(files);
// --case JSON: run that one case again (a failure prints its case); --cases FILE: the cases of a
// file, one JSON per line (a run's FAILED lines will do: their `input` is the case).
const ONE = process.argv.includes('--case')
  ? [JSON.parse(process.argv[process.argv.indexOf('--case') + 1]!) as FuzzCase]
  : process.argv.includes('--cases')
    ? readFileSync(process.argv[process.argv.indexOf('--cases') + 1]!, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l.replace(/^FAILED /, '')) as FuzzCase & { input?: FuzzCase })
        .map((c) => c.input ?? c)
    : null;
const cases = ONE ?? [...fc.sample(caseArbitrary(files), { seed: SEED, numRuns: INPUTS }), ...sweep];
const root = mkdtempSync(join(tmpdir(), 'driftgraph-fuzz-'));
const total = newTally();
const bySource = new Map<string, Tally>();
const byKind = new Map<string, Tally>();
let hangs = 0;
const hangExamples: string[] = [];
const started = Date.now();

function record(r: CaseResult) {
  count(total, r);
  // Each failure as it happens (the table's examples stop at 40), with its case to run again.
  if (r.uncaught || r.unnamed || r.quoted || r.othersAffected || r.badValue || r.resolvedOnExit0 || r.failedLoadExit0) process.stderr.write(`FAILED ${JSON.stringify(r)}\n`);
  const source = r.file.includes('/') ? r.file.split('/')[0]! : r.file;
  for (const [m, k] of [[bySource, source], [byKind, r.kind]] as const) {
    const t = m.get(k) ?? newTally();
    count(t, r);
    m.set(k, t);
  }
}

function hang(c: FuzzCase) {
  hangs++;
  total.inputs++;
  const source = c.file.split('/')[0]!;
  for (const [m, k] of [[bySource, source], [byKind, c.kind]] as const) {
    const t = m.get(k) ?? newTally();
    t.inputs++;
    t.hangs++;
    m.set(k, t);
  }
  if (hangExamples.length < 10) hangExamples.push(`HANG ${c.kind} ${c.file} ${JSON.stringify(c)}`);
}

/** Run `queue` on one worker after another until it is empty. */
async function lane(id: number, queue: FuzzCase[]): Promise<void> {
  let gen = 0;
  while (queue.length) {
    const dir = join(root, `w${id}-${gen++}`);
    await new Promise<void>((resolve, reject) => {
      const w = fork(new URL('./fuzz-worker.ts', import.meta.url).pathname, [dir, ...(SCANS ? ['--scans'] : []), ...(SCAN_ALL ? ['--scan-all'] : [])], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: FuzzCase | null = null;
      let timer: NodeJS.Timeout | null = null;
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          if (current) {
            hang(current);
            queue.shift();
            current = null;
          }
          w.kill('SIGKILL');
          resolve();
        }, HANG_MS + (SCANS ? 180_000 : 20_000) * (current ? 0 : 1));
      };
      arm();
      w.on('message', (m: { ready?: true; start?: FuzzCase; result?: CaseResult; done?: true }) => {
        if (m.ready || m.done) {
          if (!queue.length) {
            if (timer) clearTimeout(timer);
            w.kill('SIGKILL');
            return resolve();
          }
          current = null;
          w.send(queue.slice(0, 50));
          arm();
        } else if (m.start) {
          current = m.start;
          arm();
        } else if (m.result) {
          queue.shift();
          current = null;
          record(m.result);
          arm();
        }
      });
      w.on('error', reject);
      w.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (current) {
          // The worker died on a case (out of memory, a native crash): an uncaught error.
          const c = current;
          current = null;
          queue.shift();
          record({ file: c.file, kind: c.kind, uncaught: `worker died: ${signal ?? code}`, unnamed: null, quoted: null, othersAffected: null, badValue: null, ms: 0 });
        }
        resolve();
      });
    });
  }
}

// Cases are dealt round-robin to the lanes.
const queues: FuzzCase[][] = Array.from({ length: WORKERS }, () => []);
cases.forEach((c, i) => queues[i % WORKERS]!.push(c));
const ticker = setInterval(() => process.stderr.write(`  ${total.inputs}/${cases.length} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`), 30_000);
await Promise.all(queues.map((q, i) => lane(i, q)));
clearInterval(ticker);
rmSync(root, { recursive: true, force: true });

const row = (name: string, t: Tally) =>
  `| ${name.padEnd(16)} | ${String(t.inputs).padStart(6)} | ${String(t.uncaught).padStart(8)} | ${String(t.hangs).padStart(5)} | ${String(t.unnamed).padStart(12)} | ${String(t.quoted).padStart(14)} | ${String(t.othersAffected).padStart(16)} | ${String(t.badValues).padStart(10)} |` +
  (SCANS ? ` ${String(t.scans).padStart(5)} | ${String(t.exit0).padStart(6)} | ${String(t.resolvedOnExit0).padStart(19)} | ${String(t.leftOut).padStart(17)} | ${String(t.failedLoadExit0).padStart(19)} |` : '');
const SCAN_HEAD = SCANS ? ' scans | exit 0 | exit 0 and resolved | not scanned: load | load failed, exit 0 |' : '';
const SCAN_RULE = SCANS ? '-------|--------|---------------------|-------------------|---------------------|' : '';
total.hangs = hangs;
const lines = [
  `fuzzing: ${cases.length} inputs (${ONE ? 'given with --case or --cases' : `${INPUTS} random, ${sweep.length} field-by-type sweep`}) over ${files.length} files, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s`,
  '',
  '| by               | inputs | uncaught | hangs | file unnamed | quotes content | other containers | bad values |' + SCAN_HEAD,
  '|------------------|--------|----------|-------|--------------|----------------|------------------|------------|' + SCAN_RULE,
  ...[...bySource].sort().map(([k, t]) => row(k, t)),
  '|------------------|--------|----------|-------|--------------|----------------|------------------|------------|' + SCAN_RULE,
  ...KINDS.filter((k) => byKind.has(k)).map((k) => row(k, byKind.get(k)!)),
  '|------------------|--------|----------|-------|--------------|----------------|------------------|------------|' + SCAN_RULE,
  row('total', total),
];
console.log(lines.join('\n'));
for (const e of [...hangExamples, ...total.examples]) console.log(e);
process.exit(total.uncaught + hangs + total.unnamed + total.quoted + total.othersAffected + total.badValues + total.resolvedOnExit0 + total.failedLoadExit0 === 0 ? 0 : 1);

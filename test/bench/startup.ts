// `npm run bench -- startup`: how long a command takes from `node` to exit,
// for the commands people type most, the median of 10 runs each:
//   compiled:  bin/driftgraph.mjs, the JavaScript in dist/ (what ships)
//   sources:   the TypeScript sources compiled at start by tsx (how every
//              command ran before the build)
//   before:    with BENCH_STARTUP_BEFORE=<a bin/driftgraph.mjs of another
//              checkout>, that program too (e.g. the last release's)
// Runs of the variants take turns, so a busy moment of the machine falls on
// all of them alike. Besides the wall clock, each run's CPU time (user +
// system, Linux only) is given: on a shared machine it moves far less than
// the wall clock does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const DEMO = join(ROOT, 'examples', 'demo-estate');

interface Variant {
  name: string;
  args: string[];
}

const variants: Variant[] = [
  { name: 'compiled', args: [join(ROOT, 'bin', 'driftgraph.mjs')] },
  // tsx found from here: the runs' working folder is a temporary one.
  { name: 'sources (tsx)', args: ['--import', import.meta.resolve('tsx'), join(ROOT, 'test', 'bench', 'startup-sources.ts')] },
];
const before = process.env.BENCH_STARTUP_BEFORE;
if (before) variants.push({ name: 'before', args: [before] });

if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('startup: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-startup-'));
const db = join(dir, 'demo.db');
const scan = spawnSync(process.execPath, [variants[0]!.args[0]!, '-q', '--db', db, 'scan', '--from', DEMO], { cwd: dir, encoding: 'utf8' });
if (scan.status !== 0) {
  console.error(`startup: the demo scan failed (exit ${scan.status}): ${scan.stderr}`);
  process.exit(1);
}

const commands: { label: string; args: string[]; goalMs: number }[] = [
  { label: '--version', args: ['--version'], goalMs: 150 },
  { label: '--help', args: ['--help'], goalMs: 250 },
  { label: 'findings (demo store)', args: ['--db', db, 'findings'], goalMs: 600 },
  { label: 'query "MATCH (n) RETURN count(n)" (demo store)', args: ['--db', db, 'query', 'MATCH (n) RETURN count(n)'], goalMs: 600 },
];

/** CPU time (ms) of this process's waited-for children so far; null off Linux. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime: fields 16 and 17 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function timeOnce(v: Variant, args: string[], cwd = dir, input?: string): { wallMs: number; cpuMs: number | null } {
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...v.args, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NEO4J_URI: '' }, input });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`${v.name} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { wallMs, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x)} ms`);

console.log(`node ${process.version}, ${RUNS} runs each, variants taking turns; load average at start: ${readLoad()}`);
let missed = 0;
for (const c of commands) {
  const wall = new Map(variants.map((v) => [v.name, [] as number[]]));
  const cpu = new Map(variants.map((v) => [v.name, [] as number[]]));
  // One warm-up run each (file cache, tsx's transform cache), not counted.
  for (const v of variants) timeOnce(v, c.args);
  for (let i = 0; i < RUNS; i++) {
    for (const v of variants) {
      const t = timeOnce(v, c.args);
      wall.get(v.name)!.push(t.wallMs);
      if (t.cpuMs !== null) cpu.get(v.name)!.push(t.cpuMs);
    }
  }
  console.log(`\ndriftgraph ${c.label}  (goal: compiled <= ${c.goalMs} ms)`);
  for (const v of variants) {
    const w = median(wall.get(v.name)!);
    const u = cpu.get(v.name)!.length ? median(cpu.get(v.name)!) : null;
    const verdict = v.name === 'compiled' ? (w <= c.goalMs ? '  met' : '  NOT met') : '';
    if (v.name === 'compiled' && w > c.goalMs) missed++;
    console.log(`  ${v.name.padEnd(14)} median ${ms(w).padStart(8)} wall, ${ms(u).padStart(8)} CPU${verdict}`);
  }
}
// What no command can go below: node itself; for `query`, its read-only
// check as query runs it (a process started from the build's start-up
// snapshot, src/queries/check-process.ts), or loading the parser when there
// is no snapshot, and, in its own process, opening the store read-only and
// running the query. The three run side by side on two cores.
const QUERY = 'MATCH (n) RETURN count(n)';
const dist = (rel: string) => JSON.stringify(new URL(`../../dist/src/${rel}`, import.meta.url).href);
// Where the build left the check's snapshot, as the compiled command finds it.
const { SNAPSHOT } = (await import(new URL('../../dist/src/queries/check-process.js', import.meta.url).href)) as { SNAPSHOT: string };
const floors: { label: string; args: string[]; input?: string }[] = [
  { label: 'node alone (node -e 0)', args: ['-e', '0'] },
  {
    label: "query's check from its start-up snapshot alone (as query starts it)",
    args: ['--snapshot-blob', SNAPSHOT],
    input: JSON.stringify({ cypher: QUERY }),
  },
  {
    label: "query's check without the snapshot (load Neo4j's lexer and parser, check the query)",
    args: ['--input-type=module', '-e', `const { checkQuery } = await import(${dist('queries/check-query.js')}); await checkQuery(${JSON.stringify(QUERY)});`],
  },
  {
    label: "query's store process alone (open the demo store read-only, run the query)",
    args: ['--input-type=module', '-e', `const { openEmbeddedStore } = await import(${dist('graph/grafeo-store.js')}); const s = await openEmbeddedStore(${JSON.stringify(db)}, { readOnly: true }); await s.readLimited(${JSON.stringify(QUERY)}, {}, { maxRows: 10, timeoutMs: Infinity }); await s.close();`],
  },
];
console.log('\nfloors');
for (const f of floors) {
  const v = { name: f.label, args: [] };
  timeOnce(v, f.args, ROOT, f.input);
  const runs = Array.from({ length: RUNS }, () => timeOnce(v, f.args, ROOT, f.input));
  const cpus = runs.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
  console.log(`  ${f.label}: median ${ms(median(runs.map((r) => r.wallMs)))} wall, ${ms(cpus.length ? median(cpus) : null)} CPU`);
}

console.log(`\nload average at end: ${readLoad()}`);
rmSync(dir, { recursive: true, force: true });
// A missed goal is a measured fact, not a failed benchmark.
if (missed) console.log(`${missed} goal(s) not met`);

function readLoad(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

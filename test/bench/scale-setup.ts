// What the scale benchmark and report-under-load share: the estate sizes and
// the --size option, the days the snapshots are dated, the generated
// snapshots themselves, and running one measured step (scale-step.ts) in a
// process of its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeEstate } from '../helpers/estate.js';
import { scaleEstate } from './scale-estate.js';

export const SIZES: Record<string, number> = { S: 2_000, M: 10_000, L: 100_000 };

/** The value after `--name` on the command line. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--size S|M|L|<people>` (or BENCH_SIZE), default S. */
export function sizeOption(): { sizeName: string; people: number } {
  const sizeName = option('--size') ?? process.env.BENCH_SIZE ?? 'S';
  const people = SIZES[sizeName.toUpperCase()] ?? Number(sizeName);
  if (!Number.isInteger(people) || people < 10) throw new Error(`--size S, M, L or a number of people (>= 10), got ${sizeName}`);
  return { sizeName, people };
}

/** The n-th day of the benchmark, 02:00 UTC: the first scan is day 0, a re-scan a day later day 1. */
export const day = (n: number) => new Date(Date.UTC(2026, 10, 10 + n, 2)).toISOString();
export const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The three snapshots every run scans, written under `dir`: the first, the
 * same estate a day later, and a day after that with 1 % changed.
 */
export async function writeSnapshots(people: number, dir: string): Promise<{ first: string; unchanged: string; changed: string }> {
  return {
    first: await writeEstate(scaleEstate({ people, collectedAt: day(0) }), dir),
    unchanged: await writeEstate(scaleEstate({ people, collectedAt: day(1) }), dir),
    changed: await writeEstate(scaleEstate({ people, collectedAt: day(2), changed: true }), dir),
  };
}

// scale-step-entry.mjs runs the step as the command line would (scan and report in a worker thread).
const stepEntry = fileURLToPath(new URL('./scale-step-entry.mjs', import.meta.url));

/** One measured step in its own process (peak memory and CPU time its own); its JSON line, or the failure. */
export function runStep(args: string[]): { ok: true; out: Record<string, any> } | { ok: false; error: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', stepEntry, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) return { ok: false, error: `step ${args[0]} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-60).join('\n')}` };
  return { ok: true, out: JSON.parse(r.stdout.trim().split('\n').pop()!) };
}

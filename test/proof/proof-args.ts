// What the proof scripts share: a numeric `--name N` option, and the seeded
// generator (test/helpers/seeded-random.ts) so that a run can be repeated exactly.

/** `--name N` from the command line, or the default. */
export function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

export { seededRandom } from '../helpers/seeded-random.js';

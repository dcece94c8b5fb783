import { UsageError } from '../util/errors.js';
import type { Format } from '../util/output.js';

/** `--format`: table, json or csv; a command may accept more (findings: sarif, ocsf). */
export function parseFormat<E extends string = never>(value: string | undefined, extra: readonly E[] = []): Format | E {
  const f = (value ?? 'table').toLowerCase();
  const all: string[] = ['table', 'json', 'csv', ...extra];
  if (!all.includes(f)) throw new UsageError(`--format ${value}: one of ${all.join(', ')}`);
  return f as Format | E;
}

import { UsageError } from '../util/errors.js';
import { registry } from './registry.js';

/** `--sources hr,aws` -> the list of those source names; unknown names are a usage error. */
export function parseSources(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const known = registry.map((c) => c.source);
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !known.includes(n));
  if (bad.length || !names.length) {
    throw new UsageError(`--sources ${value}: unknown source ${bad.join(', ') || '(none)'}; known: ${known.join(', ')}`);
  }
  return names;
}

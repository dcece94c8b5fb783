import { isSourceName, SOURCE_NAMES } from '../../connectors/index.js';
import type { SourceName } from '../../connectors/types.js';
import { UsageError } from '../util/errors.js';

/** `--sources hr,aws` -> ['hr', 'aws']; unknown names are a usage error. */
export function parseSources(value: string | undefined): SourceName[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !isSourceName(n));
  if (bad.length || !names.length) {
    throw new UsageError(`--sources ${value}: unknown source ${bad.join(', ') || '(none)'}; known: ${SOURCE_NAMES.join(', ')}`);
  }
  return names as SourceName[];
}

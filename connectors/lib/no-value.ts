// The "no value" markers providers write where a field has none (the AWS
// credential report's N/A, no_information, not_supported; empty cells).
// One list for the core and every connector (src/util/no-value.ts).
import { isNoValue } from '../../src/util/no-value.js';
export { isNoValue, NO_VALUE_MARKERS } from '../../src/util/no-value.js';

/** The trimmed text, or null for a no-value marker. */
export function textOrNull(v: unknown): string | null {
  if (isNoValue(v)) return null;
  return typeof v === 'string' ? v.trim() : String(v);
}

/** `true`/`false` in any case (and the credential report's booleans); null for no value; undefined when not a boolean. */
export function parseBool(v: unknown): boolean | null | undefined {
  if (typeof v === 'boolean') return v;
  if (isNoValue(v)) return null;
  const s = String(v).trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  return undefined;
}

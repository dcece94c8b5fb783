// One batch size and one way to cut lists into UNWIND batches, for every
// writer: a statement's parameters stay bounded whatever the estate's size.
import type { Props } from './records.js';

export const BATCH_SIZE = 2000;

export function* chunks<T>(items: readonly T[], size = BATCH_SIZE): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Properties without `undefined` (both stores reject it; null clears a property). */
export function stripUndefined(props: Props | Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!props) return out;
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out;
}

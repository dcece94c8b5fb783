// After a scan: give back the space the store file holds for old versions,
// when it has grown past the configured share (config `store.compactAbove`).
// A compaction that does not complete leaves the store as it was: it is a
// warning on the scan, never a failed scan.
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { Progress } from '../util/progress.js';

/** Compact once the file is more than twice its size after the last compaction. */
export const DEFAULT_COMPACT_ABOVE = 2;

/** Runs just before the job closes the store; returns a warning for the scan, or null. */
export async function compactAfterScan(store: GraphStore, config: Config, progress: Progress): Promise<string | null> {
  const above = config.store?.compactAbove ?? DEFAULT_COMPACT_ABOVE;
  if (above === false || !store.compact || store.kind !== 'embedded') return null;
  try {
    const r = await store.compact({ above, reopen: false });
    progress.step(r.message);
    return r.failed ? r.message : null;
  } catch (e) {
    const message = `store file not compacted: ${(e as Error)?.message ?? String(e)}`;
    progress.step(message);
    return message;
  }
}

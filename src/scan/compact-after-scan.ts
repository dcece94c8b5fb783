// After a scan: give back the space the store file holds for old versions,
// when it has grown past the configured share (config `store.compactAbove`).
// A compaction that does not complete leaves the store as it was: it is a
// warning on the scan, never a failed scan.
import type { Config } from '../config/schema.js';
import type { CompactResult, GraphStore } from '../graph/store.js';
import type { Progress } from '../util/progress.js';

/**
 * Compact once the file is more than 2.5 times its size after the last
 * compaction. Not 2: the engine keeps the previous checkpoint beside the
 * newest in the file, so a file 1.5 to 2 times its compacted size is its
 * normal state after any re-scan (measured, docs/store-file.md), and
 * compacting it would win space only until the next scan. Past 2.5x there is
 * space to win for good (data that shrank, versions left over).
 */
export const DEFAULT_COMPACT_ABOVE = 2.5;

/** Runs just before the job closes the store; returns what it did, or null when it did not try. */
export async function compactAfterScan(store: GraphStore, config: Config, progress: Progress): Promise<CompactResult | null> {
  const above = config.store?.compactAbove ?? DEFAULT_COMPACT_ABOVE;
  if (above === false || !store.compact || store.kind !== 'embedded') return null;
  try {
    const r = await store.compact({ above, reopen: false });
    progress.step(r.message);
    return r;
  } catch (e) {
    const message = `store file not compacted: ${(e as Error)?.message ?? String(e)}`;
    progress.step(message);
    return { compacted: false, failed: true, message };
  }
}

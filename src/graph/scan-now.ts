// "Now" for the views over the graph is the latest scan's now, not the wall
// clock: a snapshot scanned last week reads as it was then.
import type { GraphStore } from './store.js';

export async function latestScanNow(store: GraphStore): Promise<string | null> {
  // Completed scans only: one killed part-way (status running) judged nothing.
  const rows = await store.read("MATCH (s:Scan) WHERE s.now IS NOT NULL AND coalesce(s.status, 'complete') = 'complete' RETURN s.now AS now ORDER BY now DESC LIMIT 1");
  return rows.length ? String(rows[0]!.now) : null;
}

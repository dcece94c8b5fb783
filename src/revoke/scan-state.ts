// What the scans say about each source and container, for the guards: when
// each source was last scanned, whether that scan loaded the container
// completely, and whether the store was last loaded with older data
// (--allow-older). Only completed scans count.
import type { GraphStore } from '../graph/store.js';

export interface SourceScan {
  now: string;
  status: 'loaded' | 'partial' | 'failed';
  /** Containers loaded completely by that scan. */
  containers: string[];
  /** Containers that failed in it, with their error. */
  failed: Map<string, string>;
}

export interface ScanState {
  /** The latest scan that scanned each source. */
  bySource: Map<string, SourceScan>;
  /** The latest completed scan loaded a snapshot older than the store (--allow-older). */
  lastLoadWasOlder: boolean;
  latestNow: string | null;
}

interface Outcome {
  source: string;
  status: string;
  containers?: string[];
  failedContainers?: { container: string; error: string }[];
}

export async function readScanState(store: GraphStore): Promise<ScanState> {
  const rows = await store.read(
    `MATCH (s:Scan) WHERE s.now IS NOT NULL AND coalesce(s.status, 'complete') = 'complete'
     RETURN s.now AS now, s.sources AS sources, s.olderThanStore AS older, s.endedAt AS endedAt
     ORDER BY s.now DESC`,
  );
  const bySource = new Map<string, SourceScan>();
  for (const r of rows) {
    let outcomes: Outcome[] = [];
    try {
      outcomes = typeof r.sources === 'string' ? (JSON.parse(r.sources) as Outcome[]) : [];
    } catch {
      outcomes = [];
    }
    for (const o of outcomes) {
      if (bySource.has(o.source) || !['loaded', 'partial', 'failed'].includes(o.status)) continue;
      bySource.set(o.source, {
        now: String(r.now),
        status: o.status as SourceScan['status'],
        containers: o.containers ?? [],
        failed: new Map((o.failedContainers ?? []).map((f) => [f.container, f.error])),
      });
    }
  }
  // The scan that ended last decides: an --allow-older load after the newest scan leaves the store mixed.
  const byEnd = [...rows].sort((a, b) => String(b.endedAt ?? '').localeCompare(String(a.endedAt ?? '')));
  return { bySource, lastLoadWasOlder: byEnd[0]?.older === true, latestNow: rows.length ? String(rows[0]!.now) : null };
}

/** Why findings about (source, container) must not be acted on, or null when the latest scan of it loaded completely and recently. */
export function scanBlock(state: ScanState, source: string, container: string | null, nowMs: number, maxAgeHours: number): string | null {
  const s = state.bySource.get(source);
  if (!s) return `${source} has not been scanned completely`;
  const c = container ?? '';
  if (s.failed.has(c)) return `${source}${c ? ` ${c}` : ''} failed in the latest scan of ${source} (${s.now}): ${s.failed.get(c)}`;
  if (s.status === 'failed') return `${source} failed in its latest scan (${s.now})`;
  if (c === '' && s.status !== 'loaded') return `${source} was partial in its latest scan (${s.now})`;
  if (c !== '' && !s.containers.includes(c)) return `${source} ${c} was not loaded by the latest scan of ${source} (${s.now})`;
  const ageHours = (nowMs - Date.parse(s.now)) / 3_600_000;
  if (ageHours > maxAgeHours) {
    return `${source} data is ${Math.floor(ageHours)} hours old (scan of ${s.now}), more than revocation.maxSnapshotAgeHours (${maxAgeHours}): scan again first`;
  }
  return null;
}

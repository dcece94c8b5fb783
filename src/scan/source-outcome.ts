// What happened to each source in one scan. Only `loaded` sources remove what
// they no longer see and let findings about them resolve.
import type { SourceName } from '../../connectors/types.js';

export type SourceStatus = 'loaded' | 'failed' | 'not-scanned';

export interface SourceOutcome {
  source: SourceName;
  status: SourceStatus;
  /** Containers loaded completely (loaded sources only). */
  containers: string[];
  errors: string[];
  warnings: string[];
  nodes: number;
  edges: number;
  edgesSkipped: number;
  removed: number;
  seconds: number;
  /** Why it was not scanned. */
  reason?: string;
}

export function outcome(source: SourceName, status: SourceStatus, extra: Partial<SourceOutcome> = {}): SourceOutcome {
  return {
    source,
    status,
    containers: [],
    errors: [],
    warnings: [],
    nodes: 0,
    edges: 0,
    edgesSkipped: 0,
    removed: 0,
    seconds: 0,
    ...extra,
  };
}

/** True when findings about (source, container) may be resolved by this scan. */
export function loadedCompletely(outcomes: SourceOutcome[], source: string, container: string | null): boolean {
  const o = outcomes.find((x) => x.source === source);
  if (!o || o.status !== 'loaded') return false;
  return container === null || container === '' || o.containers.includes(container);
}

export function failed(outcomes: SourceOutcome[], source: string): boolean {
  return outcomes.some((x) => x.source === source && x.status === 'failed');
}

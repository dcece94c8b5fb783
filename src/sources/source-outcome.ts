// What happened to each source in one scan. A source is `loaded` when every
// container it holds loaded, `partial` when some failed (the rest loaded),
// `failed` when nothing did, `not-scanned` when it was not part of the scan.
// Only containers that loaded remove what they no longer see and let
// findings about them resolve.
import type { ContainerFailure } from './connector.js';

export type SourceStatus = 'loaded' | 'partial' | 'failed' | 'not-scanned';

export interface SourceOutcome {
  source: string;
  status: SourceStatus;
  /** Containers loaded completely. */
  containers: string[];
  /** Containers that failed, each with its error (for hr, catalog, okta, devices: the container ''). */
  failedContainers: ContainerFailure[];
  errors: string[];
  warnings: string[];
  nodes: number;
  edges: number;
  edgesSkipped: number;
  removed: number;
  seconds: number;
  /** Its write failed half way: `nodes` and `edges` say what was written before. */
  writeFailed?: boolean;
  /** Why it was not scanned. */
  reason?: string;
}

export function outcome(source: string, status: SourceStatus, extra: Partial<SourceOutcome> = {}): SourceOutcome {
  return {
    source,
    status,
    containers: [],
    failedContainers: [],
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
  if (!o || (o.status !== 'loaded' && o.status !== 'partial')) return false;
  if (container === null || container === '') return o.status === 'loaded';
  return o.containers.includes(container);
}

/** A source that did not load completely: a rule depending on it must not judge from its absence. */
export function failed(outcomes: SourceOutcome[], source: string): boolean {
  return outcomes.some((x) => x.source === source && (x.status === 'failed' || x.status === 'partial'));
}

export function anyFailure(outcomes: SourceOutcome[]): boolean {
  return outcomes.some((o) => o.status === 'failed' || o.status === 'partial');
}

// What happened to each source in one scan. A source is `loaded` when every
// container it holds loaded, `partial` when some failed (the rest loaded),
// `failed` when nothing did, `not-scanned` when it was not part of the scan.
// Only containers that loaded remove what they no longer see and let
// findings about them resolve.
import type { ContainerFailure } from './connector.js';
import { redactText } from '../util/redact.js';

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
  /** After that failure, the failing container's writes were taken back. */
  takenBack?: boolean;
  /** Containers that loaded but lack a file an earlier scan read: nothing of them is removed or resolved. */
  incomplete?: { container: string; missing: string[] }[];
  /** Why it was not scanned. */
  reason?: string;
}

export function outcome(source: string, status: SourceStatus, extra: Partial<SourceOutcome> = {}): SourceOutcome {
  // Warnings and errors quote files and places, and sometimes a provider
  // value: whatever a connector put there, no secret-looking text leaves.
  if (extra.warnings) extra.warnings = extra.warnings.map(redactText);
  if (extra.errors) extra.errors = extra.errors.map(redactText);
  if (extra.failedContainers) extra.failedContainers = extra.failedContainers.map((f) => ({ ...f, error: redactText(f.error) }));
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
  // A file missing since an earlier scan makes what depended on it unknown,
  // and rules read across sources (a mover's AWS groups, a leaver's GitHub
  // login) beyond what they declare: while one is missing, nothing resolves.
  if (outcomes.some((x) => x.incomplete?.length)) return false;
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

// Failure by container (docs/snapshot-format.md): a file that cannot be read fails
// the container it belongs to (an AWS account, a GCP project, a GitHub org, a
// SCIM app), never the whole source; sources without containers fail whole.
// Each container is read and mapped completely before its records are kept,
// so a failed one contributes nothing. When the scan asks for it
// (`onContainer`), each container is handed over as soon as it is mapped and
// not kept, so memory holds one container rather than the whole source.
import { emptyBatch, type GraphBatch, type GraphNode } from '../../src/graph/records.js';
import type { LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { append } from '../../src/util/arrays.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import type { ContainerFailure } from '../../src/sources/connector.js';
import { RecordHashes } from '../../src/graph/writer.js';
import { redactText } from '../../src/util/redact.js';

export interface ContainerRead {
  graph: GraphBatch;
  warnings: string[];
  /** For records mapped with the scan's now: the first instant after it at which they would map differently (LoadContext.onContainer). */
  validUntil?: string | null;
}

/** What loadContainers and loadWhole need of the LoadContext. */
export type ContainerContext = Pick<LoadContext, 'progress' | 'onContainer' | 'unchanged'>;

/**
 * Load each container with `loadOne`; one that throws goes to `failed` and
 * adds nothing. With `ctx.onContainer`, each loaded container goes to it
 * (awaited, before the next is read) instead of into the returned graph.
 * A container in `ctx.unchanged` is not read: it is listed as loaded and
 * unchanged, with the warnings its last complete load gave.
 */
export async function loadContainers(
  source: string,
  containers: readonly string[],
  loadOne: (container: string) => Promise<ContainerRead>,
  ctx: ContainerContext,
): Promise<SourceLoad> {
  const out: SourceLoad = { containers: [], failed: [], graph: emptyBatch(), warnings: [] };
  if (ctx.onContainer) out.delivered = [];
  for (const container of containers) {
    const unchanged = ctx.unchanged?.get(container);
    if (unchanged) {
      ctx.progress.step(`${source}: ${container} unchanged since its last complete load (same files): not read again`);
      append(out.warnings, unchanged);
      out.containers.push(container);
      (out.unchanged ??= []).push(container);
      continue;
    }
    await loadInto(out, source, container, loadOne, ctx);
  }
  return out;
}

/**
 * One container into `out`. Its own function so that nothing of the
 * container outlives it: a suspended async function keeps its locals (a
 * whole mapped account) alive until they are overwritten, which in a loop is
 * only after the next container has been read.
 */
async function loadInto(
  out: SourceLoad,
  source: string,
  container: string,
  loadOne: (container: string) => Promise<ContainerRead>,
  { progress, onContainer }: ContainerContext,
): Promise<void> {
  progress.step(`${source}: reading ${container}`);
  let read: ContainerRead;
  try {
    read = await loadOne(container);
  } catch (e) {
    const failure = failureOf(container, e);
    progress.step(`${source}: ${container} FAILED, nothing of it changes: ${failure.error}`);
    out.failed.push(failure);
    return;
  }
  try {
    checkOneRecordPerKey(source, read.graph);
  } catch (e) {
    const failure = failureOf(container, e);
    progress.step(`${source}: ${container} FAILED, nothing of it changes: ${failure.error}`);
    out.failed.push(failure);
    return;
  }
  append(out.warnings, read.warnings);
  out.containers.push(container);
  if (onContainer) {
    // Outside the try: a failure to take the container is the caller's, not this container's.
    await onContainer(container, read.graph, read.warnings, read.validUntil ?? null);
    out.delivered!.push(container);
  } else {
    append(out.graph.nodes, read.graph.nodes);
    append(out.graph.edges, read.graph.edges);
  }
}

/**
 * A source without containers: all of it loads, or it fails whole. Given
 * `ctx.unchanged` (the connector declares skipsUnchanged), a source whose
 * files are what its last complete load read is not read again.
 */
export async function loadWhole(
  source: string,
  loadAll: () => Promise<ContainerRead>,
  ctx: Partial<ContainerContext> = {},
): Promise<SourceLoad> {
  const unchanged = ctx.unchanged?.get('');
  if (unchanged) {
    ctx.progress?.step(`${source}: unchanged since its last complete load (same files): not read again`);
    return { containers: [''], failed: [], graph: emptyBatch(), unchanged: [''], warnings: [...unchanged] };
  }
  let read: ContainerRead;
  try {
    read = await loadAll();
    checkOneRecordPerKey(source, read.graph);
  } catch (e) {
    return { containers: [], failed: [failureOf('', e)], graph: emptyBatch(), warnings: [] };
  }
  if (!ctx.onContainer) return { containers: [''], failed: [], graph: read.graph, warnings: read.warnings };
  // With its warnings: they are told again when it is skipped as unchanged.
  await ctx.onContainer('', read.graph, read.warnings, read.validUntil ?? null);
  return { containers: [''], failed: [], graph: emptyBatch(), delivered: [''], warnings: read.warnings };
}

/** A thrown error as a container failure: one line, and the place when a SourceError knows it. */
export function failureOf(container: string, e: unknown): ContainerFailure {
  const failure: ContainerFailure = { container, error: errorMessage(e) };
  if (e instanceof SourceError) failure.place = e.place;
  return failure;
}

/**
 * Two records with one key and different content mean the export holds one
 * id twice, differently (a duplicated deploy key, a user listed twice):
 * written, the later would silently win. The container fails instead. The
 * readers name the file and place where they can (connectors/lib/json.ts
 * uniqueById); this is the net under every source.
 */
export function checkOneRecordPerKey(source: string, graph: GraphBatch): void {
  const seen = new Map<string, GraphNode>();
  // Hashed only when a key comes twice: most exports never repeat one.
  const hashes = new RecordHashes();
  for (const n of graph.nodes) {
    const had = seen.get(n.key);
    if (had === undefined) seen.set(n.key, n);
    else if (hashes.of(had.label, had).hash !== hashes.of(n.label, n).hash) {
      throw new SourceError(source, `two different records with the id ${redactText(n.key)}: the export lists one id twice with different content`);
    }
  }
}

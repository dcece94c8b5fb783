// Failure by container (spec/snapshot.md): a file that cannot be read fails
// the container it belongs to (an AWS account, a GCP project, a GitHub org, a
// SCIM app), never the whole source; sources without containers fail whole.
// Each container is read and mapped completely before its records are kept,
// so a failed one contributes nothing.
import { emptyBatch, type GraphBatch } from '../../src/graph/records.js';
import type { SourceLoad } from '../../src/sources/connector.js';
import { append } from '../../src/util/arrays.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import type { ContainerFailure } from '../../src/sources/connector.js';
import type { Progress } from '../../src/util/progress.js';

export interface ContainerRead {
  graph: GraphBatch;
  warnings: string[];
}

/** Load each container with `loadOne`; one that throws goes to `failed` and adds nothing. */
export async function loadContainers(
  source: string,
  containers: readonly string[],
  loadOne: (container: string) => Promise<ContainerRead>,
  progress: Progress,
): Promise<SourceLoad> {
  const out: SourceLoad = { containers: [], failed: [], graph: emptyBatch(), warnings: [] };
  for (const container of containers) {
    progress.step(`${source}: reading ${container}`);
    let read: ContainerRead;
    try {
      read = await loadOne(container);
    } catch (e) {
      const failure = failureOf(container, e);
      progress.step(`${source}: ${container} FAILED, nothing of it changes: ${failure.error}`);
      out.failed.push(failure);
      continue;
    }
    append(out.graph.nodes, read.graph.nodes);
    append(out.graph.edges, read.graph.edges);
    append(out.warnings, read.warnings);
    out.containers.push(container);
  }
  return out;
}

/** A source without containers: all of it loads, or it fails whole. */
export async function loadWhole(source: string, loadAll: () => Promise<ContainerRead>): Promise<SourceLoad> {
  try {
    const read = await loadAll();
    return { containers: [''], failed: [], graph: read.graph, warnings: read.warnings };
  } catch (e) {
    return { containers: [], failed: [failureOf('', e)], graph: emptyBatch(), warnings: [] };
  }
}

/** A thrown error as a container failure: one line, and the place when a SourceError knows it. */
export function failureOf(container: string, e: unknown): ContainerFailure {
  const failure: ContainerFailure = { container, error: errorMessage(e) };
  if (e instanceof SourceError) failure.place = e.place;
  return failure;
}

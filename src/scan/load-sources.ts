// Load each source of a snapshot into the graph. A connector reads and maps
// each container completely before anything of it is written: a broken file
// fails its own container (or, for hr, catalog, okta and devices, its source)
// and writes nothing; the other containers and sources still load.
import { join } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Connector, Registry, SourceLoad } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { markUnseen, readExisting, unseenRecords, writeEdges, writeNodes, type WriteContext } from '../graph/writer.js';
import { errorMessage } from '../util/errors.js';
import { sourceFolderExists } from './snapshot.js';
import { outcome, type SourceOutcome } from './source-outcome.js';
import { DEFAULT_MAX_REMOVAL_SHARE, existingWithout, removalGuard, withoutContainers } from './removal-guard.js';
import { append } from '../util/arrays.js';

export interface LoadOptions {
  registry: Registry;
  snapshotDir: string;
  /** Only these sources; the others are "not scanned". */
  only?: string[];
  now: string;
  config: Config;
  progress: Progress;
  write: WriteContext;
  /** Refuse a container whose load would remove more than this share of its live records (default 0.5). */
  maxRemovalShare?: number;
  /** Accept any removals (`scan --accept-removals`). */
  acceptRemovals?: boolean;
  /** Containers whose live collection failed, per source: failed here too, nothing of them loaded. */
  collectFailures?: Map<string, { container: string; error: string }[]>;
}

export async function loadSources(store: GraphStore, opts: LoadOptions): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = [];
  for (const connector of opts.registry) {
    const source = connector.source;
    const collectFailed = opts.collectFailures?.get(source) ?? [];
    if (opts.only && !opts.only.includes(source)) {
      outcomes.push(outcome(source, 'not-scanned', { reason: 'left out by --sources' }));
      continue;
    }
    if (!(await sourceFolderExists(opts.snapshotDir, source))) {
      if (collectFailed.length) {
        outcomes.push(outcome(source, 'failed', { failedContainers: collectFailed, errors: collectFailed.map((f) => f.error) }));
      } else {
        outcomes.push(outcome(source, 'not-scanned', { reason: `no ${source}/ folder in the snapshot` }));
      }
      continue;
    }
    outcomes.push(await loadOne(store, connector, opts, collectFailed));
  }
  return outcomes;
}

async function loadOne(
  store: GraphStore,
  connector: Connector,
  opts: LoadOptions,
  collectFailed: { container: string; error: string }[],
): Promise<SourceOutcome> {
  const source = connector.source;
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  opts.progress.step(`${source}: reading ${join(opts.snapshotDir, source)}/`);
  let load: SourceLoad;
  try {
    load = await connector.loadSnapshot({
      snapshotDir: opts.snapshotDir,
      now: opts.now,
      config: opts.config[source],
      shared: { links: opts.config.links },
      progress: opts.progress,
    });
  } catch (e) {
    // The contract says a connector reports failures per container; one that
    // throws anyway fails its whole source, and nothing is written.
    const message = errorMessage(e);
    opts.progress.step(`${source}: FAILED, nothing written: ${message}`);
    return outcome(source, 'failed', { failedContainers: [{ container: '', error: message }], errors: [message], seconds: seconds() });
  }
  const failedContainers = [...collectFailed, ...load.failed];
  // A container whose collection failed has no folder, or a stale one: it never counts as loaded.
  const collectFailedNames = new Set(collectFailed.map((f) => f.container));
  let containers = load.containers.filter((c) => !collectFailedNames.has(c));
  // What the source holds now, read once: the removal guard judges it, then
  // only new or changed records are written, and what it no longer sees is
  // the set difference.
  let existing = await readExisting(store, source, containers);
  if (!opts.acceptRemovals && !opts.write.olderThanStore) {
    const refused = removalGuard(source, load, containers, existing, opts.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE);
    for (const f of refused) opts.progress.step(f.error);
    append(failedContainers, refused);
    const names = new Set(refused.map((f) => f.container));
    load = withoutContainers(load, names);
    existing = existingWithout(existing, source, names);
    containers = containers.filter((c) => !names.has(c));
  }
  const errors = failedContainers.map((f) => f.error);
  if (!containers.length) {
    return outcome(source, 'failed', { failedContainers, errors, warnings: load.warnings, seconds: seconds() });
  }
  const written = { nodes: 0, edges: 0 };
  try {
    opts.progress.step(`${source}: writing ${load.graph.nodes.length} nodes, ${load.graph.edges.length} relationships`);
    const write = { ...opts.write, written, onProgress: (m: string) => opts.progress.step(`${source}: ${m}`) };
    const gone = unseenRecords(existing, load.graph);
    const nodes = await writeNodes(store, load.graph.nodes, write, existing);
    const edges = await writeEdges(store, load.graph.edges, source, write, existing);
    // Older data never removes what a newer scan saw.
    const unseen = opts.write.olderThanStore ? { removedNodes: 0 } : await markUnseen(store, source, gone, opts.write);
    if (unseen.removedNodes) opts.progress.step(`${source}: ${unseen.removedNodes} no longer seen, marked removed`);
    return outcome(source, failedContainers.length ? 'partial' : 'loaded', {
      containers,
      failedContainers,
      errors,
      warnings: load.warnings,
      nodes,
      edges: edges.written,
      edgesSkipped: edges.skipped,
      removed: unseen.removedNodes,
      seconds: seconds(),
    });
  } catch (e) {
    // A write that broke half way: what was written stays (upserts only), but
    // the source counts as failed, so nothing is removed and nothing resolves.
    const message =
      `${source}: writing to the graph failed after ${written.nodes} node(s) and ${written.edges} relationship(s) ` +
      `were written (they stay, as upserts); nothing was removed and nothing resolves: ${errorMessage(e)}`;
    opts.progress.step(message);
    return outcome(source, 'failed', {
      failedContainers: [...failedContainers, ...containers.map((container) => ({ container, error: message }))],
      errors: [...errors, message],
      nodes: written.nodes,
      edges: written.edges,
      writeFailed: true,
      seconds: seconds(),
    });
  }
}

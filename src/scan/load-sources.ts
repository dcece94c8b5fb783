// Load each source of a snapshot into the graph. A source is read and mapped
// completely before anything is written: a broken file fails its own source
// and writes nothing, and the other sources still load.
import { join } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Progress, SourceName } from '../../connectors/types.js';
import { connectorFor, SOURCE_NAMES } from '../../connectors/index.js';
import { markUnseen, writeEdges, writeNodes, type WriteContext } from '../graph/writer.js';
import { errorMessage } from '../util/errors.js';
import { sourceFolderExists } from './snapshot.js';
import { outcome, type SourceOutcome } from './source-outcome.js';

export interface LoadOptions {
  snapshotDir: string;
  /** Only these sources; the others are "not scanned". */
  only?: SourceName[];
  now: string;
  config: Config;
  progress: Progress;
  write: WriteContext;
  /** Sources whose live collection failed: failed here too, nothing loaded. */
  collectFailures?: Map<SourceName, string>;
  /** Containers whose live collection failed while the source's others were collected. */
  collectContainerFailures?: Map<SourceName, { container: string; error: string }[]>;
}

export async function loadSources(store: GraphStore, opts: LoadOptions): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = [];
  for (const source of SOURCE_NAMES) {
    if (opts.only && !opts.only.includes(source)) {
      outcomes.push(outcome(source, 'not-scanned', { reason: 'left out by --sources' }));
      continue;
    }
    const collectError = opts.collectFailures?.get(source);
    if (collectError) {
      outcomes.push(outcome(source, 'failed', { errors: [`collection failed: ${collectError}`] }));
      continue;
    }
    if (!(await sourceFolderExists(opts.snapshotDir, source))) {
      outcomes.push(outcome(source, 'not-scanned', { reason: `no ${source}/ folder in the snapshot` }));
      continue;
    }
    outcomes.push(await loadOne(store, source, opts));
  }
  return outcomes;
}

async function loadOne(store: GraphStore, source: SourceName, opts: LoadOptions): Promise<SourceOutcome> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  opts.progress.step(`${source}: reading ${join(opts.snapshotDir, source)}/`);
  let load;
  try {
    load = await connectorFor(source).loadSnapshot({
      snapshotDir: opts.snapshotDir,
      now: opts.now,
      config: opts.config,
      progress: opts.progress,
    });
  } catch (e) {
    const message = errorMessage(e);
    opts.progress.step(`${source}: FAILED, nothing written: ${message}`);
    return outcome(source, 'failed', { errors: [message], seconds: seconds() });
  }
  try {
    opts.progress.step(`${source}: writing ${load.graph.nodes.length} nodes, ${load.graph.edges.length} relationships`);
    const write = { ...opts.write, onProgress: (m: string) => opts.progress.step(`${source}: ${m}`) };
    const nodes = await writeNodes(store, load.graph.nodes, write);
    const edges = await writeEdges(store, load.graph.edges, source, write);
    const unseen = await markUnseen(store, source, load.containers, opts.write);
    if (unseen.removedNodes) opts.progress.step(`${source}: ${unseen.removedNodes} no longer seen, marked removed`);
    // A partial load: the failed containers keep what they had and count as errors (exit 1).
    const failedContainers = [...(opts.collectContainerFailures?.get(source) ?? []), ...(load.failed ?? [])];
    for (const f of failedContainers) opts.progress.step(`${source}: ${f.container} FAILED, kept as it was: ${f.error}`);
    return outcome(source, 'loaded', {
      errors: failedContainers.map((f) => `${f.container ? `${f.container}: ` : ''}${f.error}`),
      containers: load.containers,
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
    const message = `${source}: writing to the graph failed: ${errorMessage(e)}`;
    opts.progress.step(message);
    return outcome(source, 'failed', { errors: [message], seconds: seconds() });
  }
}

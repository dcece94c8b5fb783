// Load each source of a snapshot into the graph. A connector reads and maps
// each container completely before anything of it is written: a broken file
// fails its own container (or, for hr, catalog, okta and devices, its source)
// and writes nothing; the other containers and sources still load. Each
// container is written as soon as it is mapped and then let go (see
// source-writer.ts), so memory holds one container, not a whole source.
import { join } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Connector, Registry, SourceLoad } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import type { WriteContext } from '../graph/writer.js';
import { emptyBatch } from '../graph/records.js';
import { errorMessage } from '../util/errors.js';
import { sourceFolderExists } from './snapshot.js';
import { outcome, type SourceOutcome } from '../sources/source-outcome.js';
import { DEFAULT_MAX_REMOVAL_SHARE, withoutContainers } from './removal-guard.js';
import { SourceWriter } from './source-writer.js';
import { FileTracker } from './tracked-files.js';
import { UnchangedContainers } from './skip-unchanged.js';

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
  // A container whose collection failed has no folder, or a stale one: nothing of it loads.
  const collectFailedNames = new Set(collectFailed.map((f) => f.container));
  const writer = new SourceWriter(store, source, {
    write: opts.write,
    progress: opts.progress,
    // Older data removes nothing, so there is nothing to guard.
    maxRemovalShare: opts.acceptRemovals || opts.write.olderThanStore ? null : (opts.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE),
  });
  const files = new FileTracker(store, opts.snapshotDir, source, connector.trackedFiles ?? [], opts.acceptRemovals === true || opts.write.olderThanStore === true);
  const checkFiles = async (container: string) => {
    const missing = await files.check(container);
    if (!missing.length) return;
    writer.keepUnseen.add(container);
    opts.progress.step(`${source}: ${missing.join(', ')} read by an earlier scan and missing now: nothing of ${container || source} is removed or resolved`);
  };
  opts.progress.step(`${source}: reading ${join(opts.snapshotDir, source)}/`);
  // Containers whose files are what the last complete load read are not read again (skip-unchanged.ts).
  const unchanged =
    connector.skipsUnchanged && !opts.write.olderThanStore && !opts.acceptRemovals
      ? await UnchangedContainers.find(store, opts.snapshotDir, connector, opts.config, collectFailedNames, opts.progress, opts.now)
      : null;
  let load: SourceLoad;
  try {
    load = await connector.loadSnapshot({
      snapshotDir: opts.snapshotDir,
      now: opts.now,
      config: opts.config[source],
      shared: { links: opts.config.links, maxBadEventShare: opts.config.maxBadEventShare },
      progress: opts.progress,
      // Each container is checked and written as soon as it is mapped, then let go.
      onContainer: async (container, graph, warnings, validUntil) => {
        if (collectFailedNames.has(container)) return;
        await checkFiles(container);
        await unchanged?.beforeWrite(container, warnings ?? [], validUntil ?? null);
        await writer.writeContainers([container], graph);
      },
      ...(unchanged ? { unchanged: unchanged.skippable } : {}),
    });
  } catch (e) {
    // The contract says a connector reports failures per container; one that
    // throws anyway fails its whole source, and nothing more is written (what
    // containers it handed over before stays, as upserts; nothing is removed).
    const message = errorMessage(e);
    const what = writer.written.length ? 'nothing more written, nothing removed' : 'nothing written';
    opts.progress.step(`${source}: FAILED, ${what}: ${message}`);
    return outcome(source, 'failed', {
      failedContainers: [{ container: '', error: message }],
      errors: [message],
      nodes: writer.committed.nodes,
      edges: writer.committed.edges,
      seconds: seconds(),
    });
  }
  // A connector that maps its containers together (or ignores onContainer)
  // returns them in `graph`: they are checked and written together, as one.
  for (const c of load.unchanged ?? []) {
    await checkFiles(c);
    writer.keepUnchanged(c, unchanged!.held(c));
  }
  // In the order the connector read them, as a load that read every container lists them.
  const order = new Map(load.containers.map((c, i) => [c, i]));
  writer.written.sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
  const delivered = new Set([...(load.delivered ?? []), ...(load.unchanged ?? [])]);
  const rest = load.containers.filter((c) => !delivered.has(c) && !collectFailedNames.has(c));
  for (const c of rest) await checkFiles(c);
  await writer.writeContainers(rest, collectFailedNames.size ? withoutContainers(load.graph, collectFailedNames) : load.graph);
  load.graph = emptyBatch();
  const removed = await writer.finish(!opts.write.olderThanStore);

  const failedContainers = [...collectFailed, ...load.failed, ...writer.refused];
  const errors = failedContainers.map((f) => f.error);
  if (writer.failure !== null) {
    // A write that broke half way: what was written stays (upserts only), but
    // the source counts as failed, so nothing is removed and nothing resolves.
    const { nodes, edges } = writer.committed;
    const message = writer.takenBack
      ? `${source}: writing to the graph failed; the failed container's writes were taken back, containers written before it stay (upserts); nothing was removed and nothing resolves: ${writer.failure}`
      : `${source}: writing to the graph failed after ${nodes} node(s) and ${edges} relationship(s) ` +
        `were written (they stay, as upserts); nothing was removed and nothing resolves: ${writer.failure}`;
    opts.progress.step(message);
    const notFailed = load.containers.filter((c) => !failedContainers.some((f) => f.container === c));
    return outcome(source, 'failed', {
      failedContainers: [...failedContainers, ...notFailed.map((container) => ({ container, error: message }))],
      errors: [...errors, message],
      nodes,
      edges,
      writeFailed: true,
      takenBack: writer.takenBack,
      seconds: seconds(),
    });
  }
  if (!writer.written.length) {
    return outcome(source, 'failed', { failedContainers, errors, warnings: load.warnings, seconds: seconds() });
  }
  await files.remember(writer.written);
  // Only now, with the source written and its removals done, may a container be skipped next time.
  await unchanged?.remember(writer, files.incomplete.map((x) => x.container));
  const incomplete = files.incomplete.filter((x) => writer.written.includes(x.container));
  const warnings = [...load.warnings];
  for (const x of incomplete) {
    warnings.push(
      `${x.missing.join(', ')}: read by an earlier scan, missing from this snapshot; what depended on it is unknown, so nothing of ` +
        `${x.container ? `${source} ${x.container}` : source} was removed and none of its findings resolved. If the file is gone for good, scan with --accept-removals`,
    );
  }
  return outcome(source, failedContainers.length || incomplete.length ? 'partial' : 'loaded', {
    incomplete,
    containers: writer.written,
    failedContainers,
    errors,
    warnings,
    nodes: writer.nodes,
    edges: writer.edges,
    edgesSkipped: writer.edgesSkipped,
    removed,
    seconds: seconds(),
  });
}

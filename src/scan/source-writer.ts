// Writing one source into the graph, a container at a time. Each container
// (or, for a connector that maps its containers together, the whole rest of
// the source at once) is checked and written on its own: what the source
// holds under it is read, the removal guard judges it, then only new or
// changed records are written. Nothing of a written container is kept but
// the keys it no longer sees, so memory holds one container.
//
// Removals wait for the end of the source: a write that fails half way fails
// the whole source, and then nothing is removed and nothing resolves, even
// for containers written completely before it (what they wrote stays, as
// upserts; the next good scan finds it unchanged).
import type { GraphStore } from '../graph/store.js';
import type { GraphBatch, GraphEdge } from '../graph/records.js';
import type { ContainerFailure } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import {
  edgeId,
  markUnseen,
  readExisting,
  RecordHashes,
  unseenRecords,
  writeEdges,
  writeNodes,
  type ExistingRecords,
  type Unseen,
  type WriteContext,
} from '../graph/writer.js';
import { containerOf, existingWithout, removalGuard, withoutContainers } from './removal-guard.js';
import { noteChanges, takeBack, type Journal } from './take-back.js';
import { redactRecords, secretKeys } from './redact-records.js';
import { oversizedValues } from '../graph/value-limit.js';
import { redactText } from '../util/redact.js';
import { addTo, append } from '../util/arrays.js';
import { errorMessage } from '../util/errors.js';

export interface SourceWriterOptions {
  write: WriteContext;
  progress: Progress;
  /** The removal guard's share; null: no guard (`--accept-removals`, or older data, which removes nothing). */
  maxRemovalShare: number | null;
}

export class SourceWriter {
  /** Containers written completely, in order. */
  readonly written: string[] = [];
  /** Containers the removal guard refused: nothing of them was written. */
  readonly refused: ContainerFailure[] = [];
  nodes = 0;
  edges = 0;
  edgesSkipped = 0;
  /** Set when a write failed: nothing more is written, nothing is removed. */
  failure: string | null = null;
  /** The failed container's writes were taken back: the store holds what it held before it. */
  takenBack = false;
  /** Containers whose unseen records are not removed (they lack a file they had). */
  readonly keepUnseen = new Set<string>();
  private readonly committedCounts = { nodes: 0, edges: 0 };
  private readonly gone: Unseen = { nodeKeys: [], edges: [] };
  /** What each container written alone holds (nodes, relationships, relationships whose end is missing). */
  readonly counts = new Map<string, { nodes: number; edges: number; edgesSkipped: number }>();
  /** Relationships to another container of this source, written once every container's nodes are, by the container they start in. */
  private readonly across = new Map<string, GraphEdge[]>();
  /** What the store held of those relationships (their hashes), so unchanged ones are not rewritten. */
  private readonly acrossExisting: ExistingRecords = { nodes: new Map(), removed: new Set(), edges: new Map() };

  constructor(
    private readonly store: GraphStore,
    private readonly source: string,
    private readonly opts: SourceWriterOptions,
  ) {}

  /**
   * Check and write `graph`, the complete records of `containers` (one
   * container, or several mapped together). Never throws: a refused
   * container is recorded in `refused`, a failed write in `failure`.
   */
  async writeContainers(containers: string[], graph: GraphBatch): Promise<void> {
    if (this.failure !== null || !containers.length) return;
    const { source, store, opts } = this;
    const step = (m: string) => opts.progress.step(`${source}: ${m}`);
    redactRecords(graph);
    // A value the store would refuse fails its container before anything of it is written.
    const refusedNow = oversizedValues(graph).map((v) => ({
      container: v.container,
      error:
        `${folderOf(source, v.container)}: record ${redactText(v.key)} has a ${v.property} of ${v.bytes} bytes, ` +
        `more than the store takes in one value (16 MiB): nothing of ${v.container ? 'this container' : 'the source'} was written`,
    }));
    // So does a record named by a secret (a token pasted into an id field): its key is its identity, and is not rewritten.
    const secretNamed = new Map<string, string>();
    for (const r of secretKeys(graph)) {
      const container = containerOf(r.key, source);
      if (!secretNamed.has(container)) secretNamed.set(container, r.what);
    }
    for (const [container, what] of secretNamed) {
      refusedNow.push({
        container,
        error:
          `${folderOf(source, container)}: the id of ${what} holds what looks like a secret (a token or key; not shown): ` +
          `nothing of ${container ? 'this container' : 'the source'} was written`,
      });
    }
    if (refusedNow.length) {
      for (const f of refusedNow) opts.progress.step(f.error);
      append(this.refused, refusedNow);
      const names = new Set(refusedNow.map((f) => f.container));
      graph = withoutContainers(graph, names);
      containers = containers.filter((c) => !names.has(c));
      if (!containers.length) return;
    }
    let journal: Journal | null = null;
    try {
      let existing = await readExisting(store, source, containers);
      if (opts.maxRemovalShare !== null) {
        const refused = removalGuard(source, graph, containers, existing, opts.maxRemovalShare);
        for (const f of refused) opts.progress.step(f.error);
        append(this.refused, refused);
        if (refused.length) {
          const names = new Set(refused.map((f) => f.container));
          graph = withoutContainers(graph, names);
          existing = existingWithout(existing, source, names);
          containers = containers.filter((c) => !names.has(c));
          if (!containers.length) return;
        }
      }
      // What this write will create and overwrite, so a failure half way can be taken back.
      // Each record hashed once for the note and the writes.
      const hashes = new RecordHashes();
      journal = await noteChanges(store, graph, existing, opts.write.olderThanStore, hashes);
      const gone = unseenRecords(existing, graph);
      // A container that lacks a file it had before removes nothing (src/scan/tracked-files.ts).
      const keep = (key: string) => !this.keepUnseen.has(containerOf(key, source));
      append(this.gone.nodeKeys, gone.nodeKeys.filter(keep));
      append(this.gone.edges, gone.edges.filter((e) => keep(e.from)));
      let edges = graph.edges;
      if (containers.length === 1) {
        // Alone, a relationship to another container of this source could
        // be written before its end node exists: it waits for the end.
        edges = [];
        for (const e of graph.edges) {
          if (!this.crosses(e, containers[0]!)) {
            edges.push(e);
            continue;
          }
          addTo(this.across, containers[0]!, e);
          const id = edgeId(e.type, e.from, e.to);
          const had = existing.edges.get(id);
          if (had !== undefined) this.acrossExisting.edges.set(id, had);
        }
      }
      const where = containers.length === 1 && containers[0] ? `${containers[0]}: ` : '';
      step(`${where}writing ${graph.nodes.length} nodes, ${graph.edges.length} relationships`);
      const write = this.writeContext();
      const nodes = await writeNodes(store, graph.nodes, write, existing, hashes);
      const e = await writeEdges(store, edges, source, write, existing, hashes);
      this.nodes += nodes;
      this.edges += e.written;
      this.edgesSkipped += e.skipped;
      if (containers.length === 1) this.counts.set(containers[0]!, { nodes, edges: e.written, edgesSkipped: e.skipped });
      append(this.written, containers);
    } catch (e) {
      const where = containers.map((c) => folderOf(source, c)).join(', ');
      this.failure = `${where}: ${redactText(errorMessage(e))}`;
      if (journal !== null) {
        try {
          await takeBack(store, journal, this.opts.write.changed);
          this.takenBack = true;
          this.failure += '; what it had written was taken back';
        } catch (undo) {
          this.failure += `; taking back what it had written failed too (${redactText(errorMessage(undo))}): the next complete scan rewrites it`;
        }
      }
    }
  }

  /** After the last container: the relationships across containers, then what is no longer seen is marked removed. */
  async finish(removeUnseen: boolean): Promise<number> {
    if (this.failure !== null) return 0;
    try {
      // By the container they start in, so each container's counts are its own.
      for (const [container, edges] of this.across) {
        const e = await writeEdges(this.store, edges, this.source, this.writeContext(), this.acrossExisting);
        this.edges += e.written;
        this.edgesSkipped += e.skipped;
        const c = this.counts.get(container);
        if (c) {
          c.edges += e.written;
          c.edgesSkipped += e.skipped;
        }
      }
      this.across.clear();
      this.acrossExisting.edges.clear();
      if (!removeUnseen) return 0;
      const unseen = await markUnseen(this.store, this.source, this.gone, this.opts.write);
      if (unseen.removedNodes) this.opts.progress.step(`${this.source}: ${unseen.removedNodes} no longer seen, marked removed`);
      return unseen.removedNodes;
    } catch (e) {
      this.failure = errorMessage(e);
      return 0;
    }
  }

  /**
   * A container not read again because its files did not change: it counts
   * as written, with what its last complete load held (nothing is written,
   * nothing of it is removed).
   */
  keepUnchanged(container: string, held: { nodes: number; edges: number; edgesSkipped: number }): void {
    if (this.failure !== null) return;
    this.written.push(container);
    this.nodes += held.nodes;
    this.edges += held.edges;
    this.edgesSkipped += held.edgesSkipped;
  }

  /** What committed before a failure, for its message. */
  get committed(): { nodes: number; edges: number } {
    return { ...this.committedCounts };
  }

  private writeContext(): WriteContext {
    return { ...this.opts.write, written: this.committedCounts, onProgress: (m: string) => this.opts.progress.step(`${this.source}: ${m}`) };
  }

  private crosses(e: GraphEdge, container: string): boolean {
    const prefix = `${this.source}:`;
    return e.to.startsWith(prefix) && containerOf(e.to, this.source) !== container;
  }
}

/** The snapshot folder a container's files are in, as errors name it: `aws/123456789012/`, `hr/`. */
export function folderOf(source: string, container: string): string {
  return container ? `${source}/${container}/` : `${source}/`;
}

// One source's load, container by container: which containers are the same
// as at their last complete load (and are not read again), and, after the
// load, the digests to remember (see unchanged-containers.ts for what a
// digest holds and why it is cleared before a write).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Connector } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { changedFiles, clearDigests, containerDigest, rememberDigests, storedDigests, type ContainerDigest } from './unchanged-containers.js';

/** What the writer knows of the containers it wrote alone. */
interface WrittenCounts {
  readonly written: readonly string[];
  readonly counts: ReadonlyMap<string, { nodes: number; edges: number; edgesSkipped: number }>;
}

export class UnchangedContainers {
  /** container -> the warnings its last complete load gave: handed to the connector (LoadContext.unchanged). */
  readonly skippable = new Map<string, readonly string[]>();
  /** The containers written this load, with their warnings and how long their records hold, to remember once the source finished cleanly. */
  private readonly readOf = new Map<string, { warnings: readonly string[]; validUntil: string | null }>();

  private constructor(
    private readonly store: GraphStore,
    private readonly source: string,
    /** The digest of each container folder as it was before the connector read it. */
    private readonly now: Map<string, { digest: string; files: string[] }>,
    private readonly stored: Map<string, ContainerDigest>,
    private readonly scanNow: string,
  ) {}

  static async find(
    store: GraphStore,
    snapshotDir: string,
    connector: Connector,
    config: Config,
    collectFailed: ReadonlySet<string>,
    progress: Progress,
    scanNow: string,
  ): Promise<UnchangedContainers> {
    const source = connector.source;
    const settings = {
      config: config[source] ?? null,
      shared: { links: config.links ?? null, maxBadEventShare: config.maxBadEventShare ?? null },
    };
    // Hashed before the connector reads: a file rewritten while it is read
    // leaves the older digest, which the next scan finds changed.
    const now = new Map<string, { digest: string; files: string[] }>();
    for (const container of await containerFolders(snapshotDir, connector)) {
      if (!collectFailed.has(container)) now.set(container, await containerDigest(snapshotDir, source, container, settings));
    }
    const stored = await storedDigests(store, source);
    const self = new UnchangedContainers(store, source, now, stored, scanNow);
    for (const [container, d] of now) {
      const had = stored.get(container);
      if (!had) continue;
      // Records mapped with the scan's now hold from the now they were read at until their validUntil.
      const inTime = had.validUntil === null || (had.at !== null && had.at <= scanNow && scanNow < had.validUntil);
      if (had.digest === d.digest && inTime) self.skippable.set(container, had.warnings);
      else if (had.digest === d.digest) {
        progress.step(`${source}: ${container ? `${container}: ` : ''}a date in its files has taken effect since its last load: read in full`);
      } else {
        const files = changedFiles(had.files, d.files);
        const what = files.length ? `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''} changed` : 'config or driftgraph changed';
        progress.step(`${source}: ${container ? `${container}: ` : ''}${what}: read in full`);
      }
    }
    // Everything else will be read and written again: its digest no longer says what the store holds.
    await clearDigests(store, source, [...stored.keys()].filter((c) => !self.skippable.has(c)));
    return self;
  }

  /** The container was read (not skipped) and is about to be written: keep its warnings for `remember`. */
  async beforeWrite(container: string, warnings: readonly string[], validUntil: string | null = null): Promise<void> {
    this.readOf.set(container, { warnings, validUntil });
  }

  /** What the last complete load of a skipped container held. */
  held(container: string): { nodes: number; edges: number; edgesSkipped: number } {
    const d = this.stored.get(container);
    return { nodes: d?.nodes ?? 0, edges: d?.edges ?? 0, edgesSkipped: d?.edgesSkipped ?? 0 };
  }

  /**
   * After the source loaded cleanly: remember the digest of each container
   * written alone and completely. Not one that lacks a file it had
   * (`incomplete`: its unseen records were kept), nor one with a
   * relationship whose end was missing (a later load of another container or
   * source could complete it, which only reading this one again would write).
   */
  async remember(writer: WrittenCounts, incomplete: readonly string[]): Promise<void> {
    const out = new Map<string, ContainerDigest>();
    for (const container of writer.written) {
      const read = this.readOf.get(container);
      const counts = writer.counts.get(container);
      const d = this.now.get(container);
      if (!read || !counts || !d || counts.edgesSkipped > 0 || incomplete.includes(container)) continue;
      out.set(container, { digest: d.digest, files: d.files, ...counts, warnings: [...read.warnings], at: this.scanNow, validUntil: read.validUntil });
    }
    await rememberDigests(this.store, this.source, out);
  }
}

/** The container folders of a source: its sub-folders (a source with containers), else the source folder itself (''). */
async function containerFolders(snapshotDir: string, connector: Connector): Promise<string[]> {
  if (!connector.hasContainers) return [''];
  const entries = await readdir(join(snapshotDir, connector.source), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}

// The connector contract. A connector turns one source of a snapshot (or the
// live API, through `collect`) into graph records. It never queries the graph:
// what needs other sources (links, owners) is derived after loading.
import type { Config } from '../src/config/schema.js';
import type { GraphBatch } from '../src/graph/records.js';

export const SOURCE_NAMES = ['hr', 'catalog', 'aws', 'gcp', 'github', 'scim', 'okta', 'devices'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface Progress {
  /** A line for a person watching a long step (stderr). */
  step(message: string): void;
}

export interface LoadContext {
  /** The snapshot's root directory. */
  snapshotDir: string;
  /** The scan's "now", ISO instant. */
  now: string;
  config: Config;
  progress: Progress;
}

export interface SourceLoad {
  /**
   * Containers seen completely (AWS account ids, GitHub orgs, ...; [''] for
   * hr and catalog). What this source put in the graph earlier under these
   * containers and did not see now is marked removed.
   */
  containers: string[];
  graph: GraphBatch;
  /** Things worth telling that did not fail the source. */
  warnings: string[];
  /** Containers that could not be read (the others loaded): nothing of theirs changes. */
  failed?: { container: string; error: string }[];
}

export interface Connector {
  source: SourceName;
  /**
   * Read and map `<snapshotDir>/<source>/`. Throws SourceError (naming the
   * file and line or JSON path) when a file cannot be read or parsed: the
   * whole source then fails and writes nothing.
   */
  loadSnapshot(ctx: LoadContext): Promise<SourceLoad>;
  /** Live APIs -> `<outDir>/<source>/` in the snapshot format. */
  collect?(outDir: string, ctx: Omit<LoadContext, 'snapshotDir'>): Promise<void | { failed: { container: string; error: string }[] }>;
}

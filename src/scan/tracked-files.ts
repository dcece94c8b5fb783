// A file the store saw for a container and the snapshot now lacks. An
// optional file (the AWS credential report, GCP's activity files, SCIM's
// Groups.json) absent from the first scan means "not known"; absent after an
// earlier scan read it, it is far more often an export step that broke than
// data that went away, and reading its absence as "none" would resolve every
// finding that depended on it. So the store remembers, per container, which
// of the connector's declared files (Connector.trackedFiles) it has seen;
// when one goes missing the container still loads, but what it no longer
// shows is not removed, none of its findings resolves, and the scan says
// which file went missing. `scan --accept-removals` accepts the new set.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphStore } from '../graph/store.js';

export interface MissingFiles {
  container: string;
  /** Snapshot-relative paths the store saw before and this snapshot lacks. */
  missing: string[];
}

const idOf = (source: string, container: string) => `snapshot-files:${source}:${container}`;

/** The container's folder in the snapshot, relative: `aws/123456789012`, `hr`. */
export function containerFolder(source: string, container: string): string {
  return container ? `${source}/${container}` : source;
}

/** Which of `tracked` (paths relative to the container's folder) the snapshot holds, as any kind of entry. */
export async function presentFiles(snapshotDir: string, source: string, container: string, tracked: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of tracked) {
    const present = await lstat(join(snapshotDir, containerFolder(source, container), f)).then(
      () => true,
      () => false,
    );
    if (present) out.push(f);
  }
  return out;
}

export async function seenFiles(store: GraphStore, source: string, container: string): Promise<string[]> {
  const rows = await store.read('MATCH (f:SnapshotFiles {id: $id}) RETURN f.files AS files', { id: idOf(source, container) });
  const files = rows[0]?.files;
  return Array.isArray(files) ? files.map(String) : [];
}

export async function rememberFiles(store: GraphStore, source: string, container: string, files: string[]): Promise<void> {
  await store.write('MERGE (f:SnapshotFiles {id: $id}) SET f.source = $source, f.container = $container, f.files = $files', {
    id: idOf(source, container),
    source,
    container,
    files: [...new Set(files)].sort(),
  });
}

/**
 * Tracks one source's containers through a load: `check` before a container
 * is written says what it lacks; `remember` after the load keeps what was
 * seen (the union, while files are missing, so a missing file stays missing
 * until it is back or the removal is accepted).
 */
export class FileTracker {
  readonly incomplete: MissingFiles[] = [];
  private readonly present = new Map<string, { present: string[]; seen: string[] }>();

  constructor(
    private readonly store: GraphStore,
    private readonly snapshotDir: string,
    private readonly source: string,
    private readonly tracked: readonly string[],
    private readonly acceptRemovals: boolean,
  ) {}

  /** The files this container lacks since an earlier scan ([] when none, or when removals are accepted). */
  async check(container: string): Promise<string[]> {
    if (!this.tracked.length) return [];
    const present = await presentFiles(this.snapshotDir, this.source, container, this.tracked);
    const seen = await seenFiles(this.store, this.source, container);
    this.present.set(container, { present, seen });
    if (this.acceptRemovals) return [];
    const missing = seen.filter((f) => !present.includes(f)).map((f) => `${containerFolder(this.source, container)}/${f}`);
    if (missing.length) this.incomplete.push({ container, missing });
    return missing;
  }

  /** After the load: remember the files of the containers that were written. */
  async remember(written: readonly string[]): Promise<void> {
    for (const container of written) {
      const p = this.present.get(container);
      if (!p) continue;
      const keep = this.acceptRemovals ? p.present : [...new Set([...p.seen, ...p.present])];
      if (keep.length !== p.seen.length || keep.some((f) => !p.seen.includes(f))) await rememberFiles(this.store, this.source, container, keep);
    }
  }
}

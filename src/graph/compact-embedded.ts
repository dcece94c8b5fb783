// Compaction of the embedded store's file. Grafeo keeps old versions of what
// a scan rewrote in its file, and its own compact() checkpoints without
// shrinking the file; save() writes a fresh single-file copy of what is live.
// So compaction is: copy, check the copy, swap it in, each step undone if the
// next fails, and the original file is never written to or removed until a
// checked copy is ready to take its name in one rename.
//
// Why the steps are in this order (measured on Grafeo 0.6):
// - save() works while this handle holds the file writable, includes what
//   was written since the last checkpoint, and refuses to overwrite a file.
// - The lock is an flock on the file itself, so a fresh file under the same
//   name is unlocked. Between closing the original and the rename, another
//   process waiting for the store could open the original and write to a
//   file that the rename then unlinks. So after closing we take a read-only
//   handle on the original first (a writer cannot take it while we hold it,
//   and if one got there first, we stop and leave everything as it was),
//   rename, and only then let go of the original.
// - A query that opens the store during that moment reads the original
//   (the same data) until it closes; the next open reads the copy.
// - A clean close leaves no `<file>.wal/`; if one is left, it belongs to the
//   original, so the copy must not take the name (Grafeo would refuse the
//   WAL as another database's anyway).
import { closeSync, constants, copyFileSync, existsSync, lstatSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { CompactOptions, CompactResult } from './store.js';

const require = createRequire(import.meta.url);
const { GrafeoDB } = require('@grafeo-db/js') as typeof import('@grafeo-db/js');
export type Db = InstanceType<typeof GrafeoDB>;

/** Where the size after the last compaction is kept, beside the store file. */
export const baselineFile = (path: string) => `${path}.compaction.json`;
/** The copy being written; a leftover from a killed compaction is removed when the store is next opened writable. */
export const copyFile = (path: string) => `${path}.compacting`;
/**
 * A copy of the last compacted (and checked) file, kept beside the store so a
 * damaged store has something to be restored from (DamagedStoreError names it).
 */
export const lastGoodFile = (path: string) => `${path}.last-good`;

/** What a compaction killed part-way leaves: the copy, the engine's `.partial` while it writes it, its log; a half-written last-good copy. */
function leftovers(path: string): { file: string; dir: boolean }[] {
  const copy = copyFile(path);
  return [
    { file: copy, dir: false },
    { file: `${copy}.partial`, dir: false },
    { file: `${copy}.wal`, dir: true },
    { file: `${lastGoodFile(path)}.partial`, dir: false },
  ];
}

/**
 * Remove a killed compaction's leftovers. Only while holding the store
 * writable (then no compaction can be running). Never throws: a leftover
 * that cannot be removed now is removed next time.
 */
export function removeCompactionLeftovers(path: string): string[] {
  const removed: string[] = [];
  for (const { file, dir } of leftovers(path)) {
    try {
      // Only what a compaction writes: a file where it writes files, its log folder. Anything else is left alone.
      const st = lstatSync(file, { throwIfNoEntry: false });
      if (!st || (dir ? !st.isDirectory() : !st.isFile())) continue;
      rmSync(file, { recursive: dir, force: true });
      removed.push(file);
    } catch {
      /* see above */
    }
  }
  return removed;
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The store file plus its write-ahead log folder, in bytes. */
export function storeBytes(path: string): number {
  let size = 0;
  try {
    size += statSync(path).size;
  } catch {
    return 0;
  }
  const wal = `${path}.wal`;
  try {
    for (const f of readdirSync(wal)) size += statSync(`${wal}/${f}`).size;
  } catch {
    /* no WAL folder */
  }
  return size;
}

interface Baseline {
  bytes: number;
  at: string;
  why: 'first measured' | 'compacted';
}

function readBaseline(path: string): Baseline | null {
  try {
    const b = JSON.parse(readFileSync(baselineFile(path), 'utf8')) as Baseline;
    return Number.isFinite(b.bytes) && b.bytes > 0 ? b : null;
  } catch {
    return null;
  }
}

/** A record that cannot be written only means the next scan records the size again. */
function writeBaseline(path: string, bytes: number, why: Baseline['why']): void {
  try {
    writeFileSync(baselineFile(path), JSON.stringify({ bytes, at: new Date().toISOString(), why }) + '\n');
  } catch {
    /* see above */
  }
}

/** What must be the same in the copy: counts, and the count of each label and relationship type. */
function census(db: Db): string {
  const schema = db.schema() as { labels?: { name: string; count: number }[]; edge_types?: { name: string; count: number }[] };
  const list = (xs: { name: string; count: number }[] | undefined) =>
    (xs ?? []).map((x) => `${x.name}=${x.count}`).sort().join(',');
  return `nodes=${db.nodeCount()} relationships=${db.edgeCount()} labels[${list(schema.labels)}] types[${list(schema.edge_types)}]`;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copy the checked copy to `<path>.last-good` (via a `.partial` and a rename); returns what to add to the message. */
function keepLastGood(path: string, copy: string): string {
  const target = lastGoodFile(path);
  const partial = `${target}.partial`;
  try {
    copyFileSync(copy, partial, constants.COPYFILE_FICLONE);
    fsyncPath(partial);
    renameSync(partial, target);
    return `; last good copy kept as ${target}`;
  } catch (e) {
    rmSync(partial, { force: true });
    return `; no last good copy kept (${(e as Error)?.message ?? String(e)})`;
  }
}

export interface EmbeddedCompaction {
  result: CompactResult;
  /** True when `db` was closed: the caller opens the store again if it still needs it. */
  closed: boolean;
}

/** Compact the file `db` holds writable at `path`. */
export function compactEmbedded(db: Db, path: string, options: Pick<CompactOptions, 'above'>): EmbeddedCompaction {
  const started = Date.now();
  const copy = copyFile(path);
  const ms = () => Date.now() - started;
  // The file as it will be on disk: the scan's writes checkpointed into it.
  db.walCheckpoint();
  const before = storeBytes(path);
  const unchanged = (message: string, failed = false): EmbeddedCompaction => ({
    result: { compacted: false, failed, message, beforeBytes: before, afterBytes: storeBytes(path), ms: ms() },
    closed: false,
  });

  if (options.above !== undefined) {
    const baseline = readBaseline(path);
    if (!baseline) {
      writeBaseline(path, before, 'first measured');
      return unchanged(`store file ${mib(before)}: recorded as the size to compare later scans with`);
    }
    if (before <= options.above * baseline.bytes) {
      return unchanged(
        `store file ${mib(before)}, not compacted: within ${options.above}x its size ${baseline.why === 'compacted' ? 'after the last compaction' : 'when first measured'} (${mib(baseline.bytes)})`,
      );
    }
  }

  const failed = (step: string, e: unknown): string =>
    `store file not compacted (${step}: ${(e as Error)?.message ?? String(e)}); ${path} is unchanged`;
  const removeCopy = () => {
    rmSync(copy, { force: true });
    rmSync(`${copy}.partial`, { force: true });
    rmSync(`${copy}.wal`, { recursive: true, force: true });
  };

  // Before the copy: room for it, and no leftover of a killed compaction in its place.
  try {
    const fs = statfsSync(dirname(path));
    const free = Number(fs.bavail) * Number(fs.bsize);
    if (free < before * 1.1) return unchanged(failed('free space', `${mib(free)} free beside it, the copy needs about ${mib(before)}`), true);
    removeCopy();
  } catch (e) {
    return unchanged(failed(`removing the leftover copy ${copy}`, e), true);
  }

  const expected = census(db);
  try {
    db.save(copy);
    fsyncPath(copy);
    const check = GrafeoDB.openReadOnly(copy);
    let got: string;
    try {
      got = census(check);
    } finally {
      check.close();
    }
    if (got !== expected) throw new Error(`the copy holds ${got}, the store ${expected}`);
    if (existsSync(`${copy}.wal`)) throw new Error('the copy has a write-ahead log of its own');
  } catch (e) {
    try {
      removeCopy();
    } catch {
      /* the leftover is removed by the next compaction */
    }
    return unchanged(failed('writing and checking the copy', e), true);
  }
  // The checked copy is also kept as the last good copy (a full copy, not a
  // link: the store's file is written in place after the rename). Without
  // room for it the compaction still goes ahead, and says so.
  const kept = keepLastGood(path, copy);

  // From here the original is closed: a failure leaves it as it was, for the caller to reopen.
  db.close();
  const backToOriginal = (step: string, e: unknown): EmbeddedCompaction => {
    try {
      removeCopy();
    } catch {
      /* the leftover is removed by the next compaction */
    }
    return {
      result: { compacted: false, failed: true, message: failed(step, e), beforeBytes: before, afterBytes: storeBytes(path), ms: ms() },
      closed: true,
    };
  };
  let guard: Db;
  try {
    guard = GrafeoDB.openReadOnly(path);
  } catch (e) {
    return backToOriginal('another process opened the store as it closed', e);
  }
  try {
    if (existsSync(`${path}.wal`)) throw new Error(`the store left a write-ahead log (${path}.wal) on close`);
    renameSync(copy, path);
  } catch (e) {
    guard.close();
    return backToOriginal('replacing the file', e);
  }
  guard.close();
  try {
    fsyncPath(dirname(path));
  } catch {
    /* the rename is done; a directory that cannot be synced is the file system's business */
  }
  const after = storeBytes(path);
  writeBaseline(path, after, 'compacted');
  return {
    result: {
      compacted: true,
      failed: false,
      message: `store file compacted: ${mib(before)} -> ${mib(after)} in ${(ms() / 1000).toFixed(1)} s (${expected.split(' labels')[0]}, checked in the copy)${kept}`,
      beforeBytes: before,
      afterBytes: after,
      ms: ms(),
    },
    closed: true,
  };
}

// Housekeeping for live scans: snapshots are kept `snapshots.keepDays` days
// and older ones deleted. Only folders whose name is a collection time
// (as collectSnapshot names them) are ever deleted: anything else a person put
// there stays.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const COLLECTED = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;

export function collectedAt(folder: string): Date | null {
  const m = COLLECTED.exec(folder);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Delete collected snapshots older than keepDays; returns the folders deleted. */
export async function pruneSnapshots(root: string, keepDays: number, now: Date = new Date()): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const deleted: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const at = collectedAt(entry.name);
    if (!at || at.getTime() >= cutoff) continue;
    await rm(join(root, entry.name), { recursive: true, force: true });
    deleted.push(entry.name);
  }
  return deleted.sort();
}

// What a snapshot directory holds, and its "now": --now, else the manifest's
// collectedAt, else the newest mtime of its files (spec/snapshot.md).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { toInstant } from '../util/time.js';

export async function snapshotExists(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

export async function sourceFolderExists(dir: string, source: string): Promise<boolean> {
  return snapshotExists(join(dir, source));
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

export async function snapshotNow(dir: string, override?: string): Promise<string> {
  if (override) {
    const now = safeInstant(override);
    if (!now) throw new UsageError(`--now ${override}: not an ISO 8601 timestamp`);
    return now;
  }
  const manifestPath = join(dir, 'manifest.json');
  let text: string | null = null;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    /* no manifest: fall back to mtimes */
  }
  if (text !== null) {
    let manifest: { collectedAt?: unknown };
    try {
      manifest = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${manifestPath}: not valid JSON (${(e as Error).message})`);
    }
    if (manifest.collectedAt !== undefined) {
      const now = safeInstant(manifest.collectedAt);
      if (!now) throw new UsageError(`${manifestPath}: collectedAt ${JSON.stringify(manifest.collectedAt)} is not a timestamp`);
      return now;
    }
  }
  const mtime = await newestMtime(dir);
  return new Date(mtime || Date.now()).toISOString();
}

function safeInstant(v: unknown): string | null {
  try {
    return toInstant(v);
  } catch {
    return null;
  }
}

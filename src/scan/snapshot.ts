// What a snapshot directory holds, and its "now": --now, else the manifest's
// collectedAt, else the newest mtime of its files (docs/snapshot-format.md).
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { toInstant } from '../util/time.js';
import { newestMtime } from '../util/newest-file.js';

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

export async function snapshotNow(dir: string, override?: string): Promise<string> {
  if (override) {
    const now = safeInstant(override);
    if (!now) throw new UsageError(`--now ${override}: not an ISO 8601 timestamp`);
    return now;
  }
  const manifestPath = join(dir, 'manifest.json');
  const text = await readManifest(manifestPath);
  if (text !== null) {
    // Whatever is wrong with it, the message names the file and never quotes it.
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.length > MAX_MANIFEST_BYTES) throw new UsageError(`${manifestPath}: larger than ${MAX_MANIFEST_BYTES} bytes; not a snapshot manifest`);
    let manifest: unknown;
    try {
      manifest = JSON.parse(body);
    } catch {
      throw new UsageError(`${manifestPath}: not valid JSON`);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new UsageError(`${manifestPath}: not a JSON object (expected {"collectedAt": "<ISO 8601 timestamp>", ...})`);
    }
    const collectedAt = (manifest as { collectedAt?: unknown }).collectedAt;
    if (collectedAt !== undefined) {
      const now = safeInstant(collectedAt);
      if (!now) throw new UsageError(`${manifestPath}: collectedAt is not an ISO 8601 timestamp`);
      return now;
    }
  }
  const mtime = await newestMtime(dir);
  return new Date(mtime || Date.now()).toISOString();
}

/** A manifest holds a timestamp and a name: anything past this is not one. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The manifest's text, null when there is none. Regular files only, opened
 * non-blocking: a FIFO named manifest.json must not hang the scan.
 */
async function readManifest(path: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null; // no manifest: fall back to mtimes
    throw new UsageError(`${path}: cannot be read (${code ?? 'error'})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`${path}: not a regular file (a FIFO, device or folder)`);
    if (info.size > MAX_MANIFEST_BYTES) throw new UsageError(`${path}: larger than ${MAX_MANIFEST_BYTES} bytes; not a snapshot manifest`);
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

function safeInstant(v: unknown): string | null {
  try {
    return toInstant(v);
  } catch {
    return null;
  }
}

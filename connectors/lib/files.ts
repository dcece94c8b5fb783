// Reading snapshot files safely: regular files only (a FIFO or a device would
// hang the scan while it holds the store's lock; a symbolic link, even to a
// good file, or a dangling one is not what the export wrote, and read as
// "absent" it would resolve findings), sizes capped, gzip expanded
// with a cap (a small bomb must not take gigabytes), and every error naming
// the snapshot-relative file, never quoting its content.
import { constants } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SourceError } from '../../src/util/errors.js';

/**
 * Largest file or expanded gzip read (bytes). CloudTrail files are at most
 * tens of MB. Kept below V8's longest string (2^29 - 24 characters): a file
 * read as text must never fail turning into a string, with an error naming
 * no file.
 */
export const MAX_FILE_BYTES = 500 * 1024 * 1024;

/**
 * Open `path` for reading only if it is a regular file; null when it does not
 * exist. Opened non-blocking and checked on the open handle, so a FIFO (or a
 * file swapped for one after a check) never blocks: opening a FIFO for
 * reading would otherwise wait for a writer forever, holding one of Node's
 * few I/O threads and the store's lock.
 */
export async function openRegularFile(path: string, file: string, source: string, maxBytes = MAX_FILE_BYTES): Promise<FileHandle | null> {
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symbolic link in the file's own place fails to open (ELOOP), dangling or not.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP' || code === 'EMLINK') throw notRegular(source, file, 'a symbolic link');
    // A folder where a file belongs cannot be opened for reading on some systems.
    if (code === 'EISDIR') throw notRegular(source, file, 'a folder');
    throw new SourceError(source, `cannot read: ${code ?? 'error'}`, { file }, { cause: e });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(source, file, info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO' : 'a device or socket');
    if (info.size > maxBytes) throw new SourceError(source, `file of ${info.size} bytes is larger than the ${maxBytes}-byte limit`, { file });
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

function notRegular(source: string, file: string, what: string): SourceError {
  return new SourceError(source, `not a regular file (${what}): not read; a snapshot holds the export's own files`, { file });
}

/**
 * Snapshot-relative paths (`/`-separated, sorted) of the files below `dir`
 * whose name `matches`, at any depth. An entry that matches but is not a
 * regular file (a symbolic link, a FIFO, a device) fails the listing, naming
 * it: skipped, a descriptor or a log file would read as "gone". A symbolic
 * link to a folder fails too, whatever its name. Null when `dir` is absent.
 */
export async function listRegularFiles(dir: string, relDir: string, source: string, matches: (name: string) => boolean): Promise<string[] | null> {
  const out: string[] = [];
  async function walk(rel: string): Promise<boolean> {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && rel === '') return false;
      throw new SourceError(source, `cannot read folder: ${code ?? 'error'}`, { file: rel ? `${relDir}/${rel}` : relDir }, { cause: e });
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      const file = `${relDir}/${path}`;
      // A folder with a file's name (`payments.yaml/`) stands where a file belongs: walked into, its file would read as gone.
      if (e.isDirectory() && matches(e.name)) throw notRegular(source, file, 'a folder');
      if (e.isDirectory()) await walk(path);
      else if (e.isSymbolicLink()) {
        const toFolder = await stat(join(dir, path)).then((i) => i.isDirectory(), () => false);
        if (matches(e.name) || toFolder) throw notRegular(source, file, 'a symbolic link');
      } else if (!matches(e.name)) continue;
      else if (e.isFile()) out.push(path);
      else throw notRegular(source, file, e.isFIFO() ? 'a FIFO' : 'a device or socket');
    }
    return true;
  }
  if (!(await walk(''))) return null;
  return out.sort();
}

/** The bytes of a regular file; null when it does not exist. */
export async function readRegularFile(path: string, file: string, source: string, maxBytes = MAX_FILE_BYTES): Promise<Buffer | null> {
  const handle = await openRegularFile(path, file, source, maxBytes);
  if (handle === null) return null;
  try {
    return await handle.readFile();
  } catch (e) {
    throw new SourceError(source, `cannot read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file }, { cause: e });
  } finally {
    await handle.close();
  }
}

/** Text of a regular file (UTF-8, BOM kept for the parser to strip); null when absent. */
export async function readRegularText(path: string, file: string, source: string): Promise<string | null> {
  const buf = await readRegularFile(path, file, source);
  return buf === null ? null : utf8Text(buf, file, source);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as UTF-8 text, or an error naming the file and the line of the
 * first byte that is not UTF-8. Decoded leniently, a damaged byte inside a
 * name would become U+FFFD: another name, read as the old one gone.
 */
export function utf8Text(buf: Buffer, file: string, source: string): string {
  try {
    return strictUtf8.decode(buf);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= buf.length; i++) {
      if (i < buf.length && buf[i] !== 0x0a) continue;
      try {
        strictUtf8.decode(buf.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new SourceError(source, 'not valid UTF-8 text: save the file as UTF-8', { file, line });
  }
}

/** Expand gzip bytes, refusing output past the cap. */
export function gunzipCapped(raw: Buffer, file: string, source: string, maxBytes = MAX_FILE_BYTES): Buffer {
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|maxOutputLength/i.test((e as Error).message)) {
      throw new SourceError(source, `expands past the ${maxBytes}-byte limit: not read`, { file });
    }
    throw new SourceError(source, 'not a gzip file (corrupt or cut)', { file }, { cause: e });
  }
}

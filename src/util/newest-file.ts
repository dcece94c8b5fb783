// The newest modification time of any file under a folder, in milliseconds
// (0 when it holds no file): how old an export folder is, and a snapshot's
// now when it has no manifest.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

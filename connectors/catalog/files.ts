// The descriptor files of `catalog/`: every *.yaml / *.yml at any depth, in
// one sorted order so that which duplicate wins never depends on the disk.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Paths relative to `root`, `/`-separated, sorted. */
export async function listYamlFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(path);
    }
  }
  await walk('');
  return out.sort();
}

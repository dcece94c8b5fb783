// The descriptor files of `catalog/`: every *.yaml / *.yml at any depth, in
// one sorted order so that which duplicate wins never depends on the disk. A
// descriptor that is a symbolic link or a FIFO fails the catalog (see
// connectors/lib/files.ts): skipped, its service would read as gone.
import { listRegularFiles } from '../lib/files.js';

/** Paths relative to `root` (the catalog folder), `/`-separated, sorted. */
export async function listYamlFiles(root: string): Promise<string[]> {
  return (await listRegularFiles(root, 'catalog', 'catalog', (name) => /\.ya?ml$/i.test(name))) ?? [];
}

// A source's snapshot folder holds one folder per container (`aws/<account>/`,
// `entra/<tenant>/`, `vault/<cluster>/`): listed here the same way for every
// source, then loaded container by container (containers.ts).
// - hidden entries (`.DS_Store`, `.git`) are skipped; an absent folder holds
//   no container; one that cannot be read fails the source, naming it;
// - anything beside the container folders is named in a warning, never read;
// - a folder whose name cannot be a container of this source (an AWS account
//   is 12 digits) fails as its own container: the others still load.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerFailure, SourceLoad } from '../../src/sources/connector.js';
import { append } from '../../src/util/arrays.js';
import { SourceError } from '../../src/util/errors.js';
import { failureOf, loadContainers, type ContainerContext, type ContainerRead } from './containers.js';

/** The entries of a snapshot folder, sorted, hidden ones left out: its sub-folders and everything else. Empty when it does not exist. */
export async function readFolder(dir: string, rel: string, source: string): Promise<{ folders: string[]; others: string[] }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { folders: [], others: [] };
    throw new SourceError(source, `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: rel }, { cause: e });
  }
  const folders: string[] = [];
  const others: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    (entry.isDirectory() ? folders : others).push(entry.name);
  }
  return { folders, others };
}

export interface ContainerFolders {
  /** Folder names, sorted: the containers to load. */
  containers: string[];
  warnings: string[];
  /** Folders whose name cannot be a container, each failed with the folder named. */
  failed: ContainerFailure[];
}

/**
 * The container folders of `<snapshotDir>/<source>/`. `kind` names one in a
 * warning ("an account": `aws/notes.txt: not an account folder, ignored`);
 * with `valid`, a folder whose name does not match fails with `why`.
 */
export async function listContainerFolders(
  snapshotDir: string,
  source: string,
  kind: string,
  valid?: { name: RegExp; why: string },
): Promise<ContainerFolders> {
  const { folders, others } = await readFolder(join(snapshotDir, source), source, source);
  const out: ContainerFolders = { containers: [], warnings: others.map((name) => `${source}/${name}: not ${kind} folder, ignored`), failed: [] };
  for (const name of folders) {
    if (!valid || valid.name.test(name)) out.containers.push(name);
    else out.failed.push(failureOf(name, new SourceError(source, valid.why, { file: `${source}/${name}` })));
  }
  return out;
}

/**
 * Load listed container folders with `loadOne` (loadContainers): the
 * listing's failures come after the loaded ones', its warnings first.
 */
export async function loadContainerFolders(
  source: string,
  listing: Pick<ContainerFolders, 'containers' | 'warnings'> & { failed?: ContainerFailure[] },
  loadOne: (container: string) => Promise<ContainerRead>,
  ctx: ContainerContext,
): Promise<SourceLoad> {
  const load = await loadContainers(source, listing.containers, loadOne, ctx);
  append(load.failed, listing.failed ?? []);
  load.warnings = append(listing.warnings.slice(), load.warnings);
  return load;
}

/**
 * A container's folder of per-id files (`group-members/<group-id>.json`,
 * `teams/<team>.json`): each of `names` read with `read` into a map by its
 * name without `.json`. A file listed but unreadable now (a broken link,
 * removed during the scan) fails the container, naming it: read as empty, it
 * would say "no members".
 */
export async function readKeyedFiles<T>(
  source: string,
  relDir: string,
  names: readonly string[],
  read: (name: string, key: string) => Promise<T | null>,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const name of names) {
    const key = name.slice(0, -'.json'.length);
    const value = await read(name, key);
    if (value === null) throw new SourceError(source, 'listed but cannot be read (a broken link, or removed during the scan)', { file: `${relDir}/${name}` });
    out.set(key, value);
  }
  return out;
}

// A scan that would see nothing must not look clean. Before the store is
// opened: the snapshot must hold at least one folder of a source being
// scanned; when it does not, say what it holds, what a snapshot looks like,
// and where one seems to be (one level too high or too low).
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../util/errors.js';

async function folders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

export async function checkSnapshotHoldsSources(dir: string, sources: readonly string[]): Promise<void> {
  const here = await folders(dir);
  if (here.some((f) => sources.includes(f))) return;
  const hints: string[] = [];
  for (const sub of here) {
    if ((await folders(join(dir, sub))).some((f) => sources.includes(f))) hints.push(join(dir, sub));
  }
  const parent = dirname(dir);
  if (sources.includes(basename(dir)) || (await folders(parent)).some((f) => sources.includes(f))) hints.push(parent);
  throw new UsageError(
    `--from ${dir}: no source folder to scan, so nothing would be judged.\n` +
      `  It holds: ${here.length ? here.map((f) => `${f}/`).join(' ') : '(no folders)'}\n` +
      `  A snapshot holds one folder per source: ${sources.map((s) => `${s}/`).join(' ')} ` +
      `(aws/<account-id>/, gcp/<project-id>/, github/<org>/, scim/<app>/, entra/<tenant-id>/; see docs/snapshot-format.md).` +
      (hints.length ? `\n  Did you mean: ${hints.map((h) => `--from ${h}`).join(' or ')}?` : ''),
  );
}

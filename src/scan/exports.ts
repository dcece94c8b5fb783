// Sources with no live API (HR, the device inventory; the catalog when it is
// not collected) are read from the folder their systems drop exports into:
// `<exportsDir>/<source>/`, copied into the night's snapshot. An export older
// than `exportsMaxAgeHours` is not loaded: its source fails for the scan, so
// nothing of it is removed and none of the findings that depend on it
// resolves on stale data; the log says so at error level.
import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { newestMtime } from '../util/newest-file.js';

export interface ExportCheck {
  source: string;
  /** The newest file's modification time, or null when the folder has no file. */
  newest: string | null;
  ageHours: number | null;
  /** Why it is not used, when it is not. */
  problem?: string;
}

export async function hasExport(exportsDir: string, source: string): Promise<boolean> {
  try {
    return (await stat(join(exportsDir, source))).isDirectory();
  } catch {
    return false;
  }
}

/** How fresh `<exportsDir>/<source>/` is, and whether it may be used. */
export async function checkExport(exportsDir: string, source: string, maxAgeHours: number | undefined, now: Date): Promise<ExportCheck> {
  const dir = join(exportsDir, source);
  const newest = await newestMtime(dir);
  if (!newest) return { source, newest: null, ageHours: null, problem: `export ${dir}/ holds no file` };
  const ageHours = Math.round(((now.getTime() - newest) / 3_600_000) * 10) / 10;
  const check: ExportCheck = { source, newest: new Date(newest).toISOString(), ageHours };
  if (maxAgeHours !== undefined && ageHours > maxAgeHours) {
    check.problem =
      `export ${dir}/ is ${ageHours} hours old (exportsMaxAgeHours: ${maxAgeHours}): ` +
      `not loaded, and no finding that depends on ${source} resolves until a fresh export arrives`;
  }
  return check;
}

/** Copy a usable export into the snapshot being built. */
export async function copyExport(exportsDir: string, source: string, snapshotDir: string): Promise<void> {
  await cp(join(exportsDir, source), join(snapshotDir, source), { recursive: true });
}

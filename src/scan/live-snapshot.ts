// The snapshot a live scan reads, built one way for `driftgraph scan
// --sources` and the scheduler alike: sources with an export folder (HR,
// devices, the catalog) are copied from `<exportsDir>/<source>/` when fresh
// enough, the others are collected from their live APIs. Everything is dated
// with the one `now` the caller resolved, so the folder's name, its manifest's
// collectedAt and the exports' age all agree with the scan's now.
import type { Config } from '../config/schema.js';
import type { ContainerFailure, Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { collectSnapshot } from './collect.js';
import { checkExport, copyExport, hasExport, type ExportCheck } from './exports.js';

export interface LiveSnapshotOptions {
  registry: Registry;
  sources: string[];
  config: Config;
  /** Where export-only sources drop their files; none: every source is collected. */
  exportsDir?: string;
  /** The folder the snapshot is made in (default .driftgraph/snapshots). */
  root?: string;
  now: Date;
  progress: Progress;
}

export interface LiveSnapshot {
  dir: string;
  /** Sources (and containers) that failed: a failed collection, or an export too old or empty. */
  failures: Map<string, ContainerFailure[]>;
  /** Every export folder looked at, used or not. */
  exports: ExportCheck[];
}

export async function buildLiveSnapshot(o: LiveSnapshotOptions): Promise<LiveSnapshot> {
  const fromExports: string[] = [];
  for (const s of o.sources) if (o.exportsDir && (await hasExport(o.exportsDir, s))) fromExports.push(s);
  const collect = o.sources.filter((s) => !fromExports.includes(s));
  const { dir, failures } = await collectSnapshot(o.registry, collect, o.config, o.progress, o.root, o.now);
  const exports: ExportCheck[] = [];
  for (const source of fromExports) {
    const check = await checkExport(o.exportsDir!, source, o.config.exportsMaxAgeHours, o.now);
    exports.push(check);
    if (check.problem) {
      o.progress.step(`${source}: ${check.problem}`);
      failures.set(source, [{ container: '', error: `${source}: ${check.problem}` }]);
    } else {
      await copyExport(o.exportsDir!, source, dir);
      o.progress.step(`${source}: read from the exports folder (${check.ageHours} hours old)`);
    }
  }
  return { dir, failures, exports };
}

// Live collection: each requested source's connector writes its part of a
// snapshot, so a live scan and an offline one share every step after this.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { ContainerFailure, Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { COLLECT_STATE_DIR, SNAPSHOTS_DIR } from '../util/paths.js';

export interface CollectOutcome {
  source: string;
  /** Every container collected (or the source, when it has none). */
  ok: boolean;
  containers: string[];
  failed: ContainerFailure[];
  warnings: string[];
  requests?: number;
}

export async function collectInto(
  registry: Registry,
  outDir: string,
  sources: string[],
  config: Config,
  progress: Progress,
  /** The collection's time (the snapshot's collectedAt); default the wall clock. */
  at: Date = new Date(),
): Promise<CollectOutcome[]> {
  await mkdir(outDir, { recursive: true });
  const now = at.toISOString();
  const outcomes: CollectOutcome[] = [];
  for (const source of sources) {
    const connector = registry.find((c) => c.source === source);
    if (!connector) throw new UsageError(`unknown source ${source}`);
    const failure = (error: string): CollectOutcome => ({ source, ok: false, containers: [], failed: [{ container: '', error }], warnings: [] });
    if (!connector.collect) {
      const error = `${source} has no live API: put its export in a snapshot and use --from`;
      progress.step(error);
      outcomes.push(failure(error));
      continue;
    }
    try {
      progress.step(`${source}: collecting from the live API`);
      const r = await connector.collect(outDir, {
        now,
        config: config[source],
        shared: { links: config.links, maxBadEventShare: config.maxBadEventShare },
        progress,
        stateDir: join(COLLECT_STATE_DIR, source),
      });
      for (const f of r.failed) progress.step(`${source}: ${f.container || 'collection'} FAILED: ${f.error}`);
      outcomes.push({ source, ok: r.failed.length === 0, ...r });
    } catch (e) {
      const error = errorMessage(e);
      progress.step(`${source}: collection FAILED: ${error}`);
      outcomes.push(failure(error));
    }
  }
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify({ collectedAt: now, collector: 'driftgraph' }, null, 2) + '\n');
  return outcomes;
}

/**
 * A fresh snapshot under .driftgraph/snapshots/ for a live scan. A container
 * (or a source without containers) whose collection failed has its partial
 * folder removed and is reported failed, so the scan neither loads half of it
 * nor takes it for "not scanned".
 */
export async function collectSnapshot(
  registry: Registry,
  sources: string[],
  config: Config,
  progress: Progress,
  root: string = SNAPSHOTS_DIR,
  at: Date = new Date(),
): Promise<{ dir: string; failures: Map<string, ContainerFailure[]> }> {
  const dir = join(root, snapshotFolderName(at));
  const outcomes = await collectInto(registry, dir, sources, config, progress, at);
  const failures = new Map<string, ContainerFailure[]>();
  for (const o of outcomes) {
    if (!o.failed.length) continue;
    for (const f of o.failed) await rm(join(dir, o.source, f.container), { recursive: true, force: true });
    failures.set(o.source, o.failed);
  }
  return { dir, failures };
}

/** `2026-12-01T02-00-00-000Z`: the collection time, safe as a folder name on every system. */
export function snapshotFolderName(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

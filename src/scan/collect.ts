// Live collection: each requested source's connector writes its part of a
// snapshot, so a live scan and an offline one share every step after this.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Progress, SourceName } from '../../connectors/types.js';
import { connectorFor } from '../../connectors/index.js';
import { errorMessage } from '../util/errors.js';

export interface CollectOutcome {
  source: SourceName;
  ok: boolean;
  error?: string;
}

export async function collectInto(
  outDir: string,
  sources: SourceName[],
  config: Config,
  progress: Progress,
): Promise<CollectOutcome[]> {
  await mkdir(outDir, { recursive: true });
  const now = new Date().toISOString();
  const outcomes: CollectOutcome[] = [];
  for (const source of sources) {
    const connector = connectorFor(source);
    if (!connector.collect) {
      const error = `${source} has no live API: put its export in a snapshot and use --from`;
      progress.step(error);
      outcomes.push({ source, ok: false, error });
      continue;
    }
    try {
      progress.step(`${source}: collecting from the live API`);
      await connector.collect(outDir, { now, config, progress });
      outcomes.push({ source, ok: true });
    } catch (e) {
      const error = errorMessage(e);
      progress.step(`${source}: collection FAILED: ${error}`);
      outcomes.push({ source, ok: false, error });
    }
  }
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify({ collectedAt: now, collector: 'driftgraph' }, null, 2) + '\n');
  return outcomes;
}

/**
 * A fresh snapshot under .driftgraph/snapshots/ for a live scan. A source whose
 * collection failed has its partial folder removed and is reported failed, so
 * the scan neither loads half of it nor takes it for "not scanned".
 */
export async function collectSnapshot(
  sources: SourceName[],
  config: Config,
  progress: Progress,
  root: string = join('.driftgraph', 'snapshots'),
): Promise<{ dir: string; failures: Map<SourceName, string> }> {
  const dir = join(root, snapshotFolderName(new Date()));
  const outcomes = await collectInto(dir, sources, config, progress);
  const failures = new Map<SourceName, string>();
  for (const o of outcomes.filter((x) => !x.ok)) {
    await rm(join(dir, o.source), { recursive: true, force: true });
    failures.set(o.source, o.error ?? 'collection failed');
  }
  return { dir, failures };
}

/** `2026-12-01T02-00-00-000Z`: the collection time, safe as a folder name on every system. */
export function snapshotFolderName(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

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
  /** Containers that failed while the source's others were collected. */
  failedContainers?: { container: string; error: string }[];
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
      const result = await connector.collect(outDir, { now, config, progress });
      outcomes.push({ source, ok: true, failedContainers: result?.failed ?? [] });
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
): Promise<{
  dir: string;
  failures: Map<SourceName, string>;
  containerFailures: Map<SourceName, { container: string; error: string }[]>;
}> {
  const dir = join('.driftgraph', 'snapshots', new Date().toISOString().replace(/[:.]/g, '-'));
  const outcomes = await collectInto(dir, sources, config, progress);
  const failures = new Map<SourceName, string>();
  for (const o of outcomes.filter((x) => !x.ok)) {
    await rm(join(dir, o.source), { recursive: true, force: true });
    failures.set(o.source, o.error ?? 'collection failed');
  }
  const containerFailures = new Map(
    outcomes.filter((o) => o.failedContainers?.length).map((o) => [o.source, o.failedContainers!] as const),
  );
  return { dir, failures, containerFailures };
}

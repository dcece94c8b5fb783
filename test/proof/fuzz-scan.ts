// The fuzzing proof's scan-level check (issue 28 class 1): a mangled file is
// loaded by a whole scan over a store that already holds a clean scan of the
// demo estate, exactly as a nightly scan would. A run that exits 0 must not
// resolve any finding that a clean second scan keeps: a broken or odd file
// read as "absent" or "empty" would resolve the findings that depended on it.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../connectors/index.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { silentProgress } from '../../src/util/progress.js';

export const SECOND_NOW = '2026-11-21T02:00:00.000Z';

export interface ScanBaseline {
  /** A store holding one clean scan of the demo estate. */
  template: string;
  /** Findings a clean second scan resolves anyway (time passing): not counted. */
  resolvedAnyway: Set<string>;
}

async function scanInto(dir: string, snapshot: string, now?: string) {
  const store = await openEmbeddedStore(join(dir, 'g.db'));
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: snapshot, config: {}, exceptions: [], progress: silentProgress, now });
    const resolved = (await readFindings(store)).filter((f) => f.status === 'resolved').map((f) => f.id);
    return { exitCode: result.exitCode, resolved };
  } finally {
    await store.close();
  }
}

/** Scan the clean estate once into `dir`/template, and once more into a copy to learn what time alone resolves. */
export async function scanBaseline(dir: string, cleanSnapshot: string): Promise<ScanBaseline> {
  const template = join(dir, 'template');
  rmSync(template, { recursive: true, force: true });
  mkdirSync(template, { recursive: true });
  const first = await scanInto(template, cleanSnapshot);
  if (first.exitCode !== 0) throw new Error('the clean demo estate does not scan with exit 0');
  const again = join(dir, 'again');
  rmSync(again, { recursive: true, force: true });
  cpSync(template, again, { recursive: true });
  const second = await scanInto(again, cleanSnapshot, SECOND_NOW);
  rmSync(again, { recursive: true, force: true });
  return { template, resolvedAnyway: new Set(second.resolved) };
}

/** The second scan over the mangled snapshot: the exit code and the findings it resolved that a clean scan keeps. */
export async function scanCase(dir: string, base: ScanBaseline, snapshot: string): Promise<{ exitCode: number; resolved: string[] }> {
  const run = join(dir, 'run');
  rmSync(run, { recursive: true, force: true });
  cpSync(base.template, run, { recursive: true });
  try {
    const r = await scanInto(run, snapshot, SECOND_NOW);
    return { exitCode: r.exitCode, resolved: r.resolved.filter((id) => !base.resolvedAnyway.has(id)) };
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}

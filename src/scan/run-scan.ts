// One scan: sources -> load -> derive -> detect -> findings, recorded as a
// Scan node. Exit code: 0 when every scanned source loaded, 1 when some failed
// (the others are kept).
import { randomUUID } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Progress, SourceName } from '../../connectors/types.js';
import { loadSources } from './load-sources.js';
import { snapshotNow } from './snapshot.js';
import type { SourceOutcome } from './source-outcome.js';
import { derive, type DeriveStats } from '../derive/index.js';
import { loadRules, type RuleFile } from '../rules/rule-file.js';
import { runRules, type RuleRun } from '../rules/run-rules.js';
import { updateFindings, type LifecycleStats } from '../findings/lifecycle.js';
import type { RiskException } from '../findings/exceptions.js';
import { recordScanFigures } from './scan-figures.js';

export interface ScanOptions {
  snapshotDir: string;
  sources?: SourceName[];
  now?: string;
  config: Config;
  exceptions: RiskException[];
  progress: Progress;
  rules?: RuleFile[];
  collectFailures?: Map<SourceName, string>;
}

export interface ScanResult {
  scanId: string;
  now: string;
  startedAt: string;
  endedAt: string;
  outcomes: SourceOutcome[];
  derived: DeriveStats;
  rules: RuleRun[];
  lifecycle: LifecycleStats;
  exitCode: 0 | 1;
}

export async function runScan(store: GraphStore, opts: ScanOptions): Promise<ScanResult> {
  const startedAt = new Date().toISOString();
  const now = await snapshotNow(opts.snapshotDir, opts.now);
  // A scan is identified by its "now"; each run still gets its own id so that
  // re-scanning the same moment tells what this run saw from what it did not.
  const scanId = `scan:${now}`;
  const runId = randomUUID();
  opts.progress.step(`scan of ${opts.snapshotDir} as of ${now}`);
  const outcomes = await loadSources(store, {
    snapshotDir: opts.snapshotDir,
    only: opts.sources,
    now,
    config: opts.config,
    progress: opts.progress,
    write: { scanId: runId, now },
    collectFailures: opts.collectFailures,
  });
  const derived = await derive(store, now, opts.config, opts.progress);
  const rules = opts.rules ?? (await loadRules());
  const runs = await runRules(store, rules, now, opts.config, opts.progress);
  const lifecycle = await updateFindings(store, runs, outcomes, opts.exceptions, now);
  const endedAt = new Date().toISOString();
  const exitCode = outcomes.some((o) => o.status === 'failed') || runs.some((r) => r.error) ? 1 : 0;
  await store.write(
    `MERGE (s:Scan {id: $id})
     SET s.now = $now, s.runId = $runId, s.startedAt = $startedAt, s.endedAt = $endedAt,
         s.snapshot = $snapshot, s.sources = $sources, s.exitCode = $exitCode,
         s.findingsNew = $new, s.findingsResolved = $resolved`,
    {
      id: scanId,
      now,
      runId,
      startedAt,
      endedAt,
      snapshot: opts.snapshotDir,
      sources: JSON.stringify(outcomes),
      exitCode,
      new: lifecycle.new,
      resolved: lifecycle.resolved,
    },
  );
  await recordScanFigures(store, scanId, now);
  return { scanId, now, startedAt, endedAt, outcomes, derived, rules: runs, lifecycle, exitCode };
}

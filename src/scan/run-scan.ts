// One scan: sources -> load -> derive -> detect -> findings, recorded as a
// Scan node. Exit code: 0 when every scanned source loaded, 1 when a source
// or one of its containers failed (the rest is kept).
import { withStep } from '../graph/internal-query-error.js';
import { randomUUID } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { ContainerFailure, Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { loadSources } from './load-sources.js';
import { snapshotNow } from './snapshot.js';
import { anyFailure, type SourceOutcome } from '../sources/source-outcome.js';
import { derive, type DeriveStats } from '../derive/index.js';
import { takeLastDerive } from '../derive/derive-state.js';
import { loadRules, type RuleFile } from '../rules/rule-file.js';
import { planRules } from './held-rules.js';
import { configFileOf } from '../config/config-file.js';
import type { RuleRun } from '../findings/build.js';
import type { LifecycleStats } from '../findings/lifecycle.js';
import type { RiskException } from '../findings/exceptions.js';
import { detectFindings } from '../findings/detect.js';
import { recordScanFigures } from './scan-figures.js';

export interface ScanOptions {
  registry: Registry;
  snapshotDir: string;
  sources?: string[];
  now?: string;
  config: Config;
  exceptions: RiskException[];
  progress: Progress;
  /** The rules, loaded and checked against the config before anything is written (default: the built-in rules). */
  rules?: RuleFile[];
  collectFailures?: Map<string, ContainerFailure[]>;
  /**
   * Stop between steps (the scheduler's SIGTERM): a step that started
   * finishes, the next one does not start. The findings update and the Scan
   * record are the last step together, so an interrupted scan changes no
   * finding.
   */
  signal?: AbortSignal;
  /** The snapshot is older than the store's latest scan: overwrite nothing newer, remove nothing, resolve nothing. */
  olderThanStore?: boolean;
  /** Accept a load that removes more than `maxRemovalShare` of a container. */
  acceptRemovals?: boolean;
}

export interface ScanResult {
  scanId: string;
  runId: string;
  now: string;
  startedAt: string;
  endedAt: string;
  outcomes: SourceOutcome[];
  derived: DeriveStats;
  rules: RuleRun[];
  lifecycle: LifecycleStats;
  /** Things the scan noticed that fail nothing (an exception that matched no finding, far fewer links than before). */
  warnings: string[];
  exitCode: 0 | 1;
}

export async function runScan(store: GraphStore, opts: ScanOptions): Promise<ScanResult> {
  const startedAt = new Date().toISOString();
  const rules = opts.rules ?? (await loadRules());
  const now = await snapshotNow(opts.snapshotDir, opts.now);
  // A scan is identified by its "now"; each run still gets its own id so that
  // re-scanning the same moment tells what this run saw from what it did not.
  const scanId = `scan:${now}`;
  const runId = randomUUID();
  opts.progress.step(`scan of ${opts.snapshotDir} as of ${now}`);
  opts.signal?.throwIfAborted();
  // Marked running before anything is written: a scan killed part-way stays
  // visible as incomplete (status 'running') until a later scan completes.
  await store.write(
    `MERGE (s:Scan {id: $id})
     SET s.now = $now, s.runId = $runId, s.startedAt = $startedAt, s.snapshot = $snapshot, s.status = 'running', s.endedAt = null`,
    { id: scanId, now, runId, startedAt, snapshot: opts.snapshotDir },
  );
  // Taken before the load writes: from here until this scan's derive step ends, the store is not whole (src/derive/derive-state.ts).
  const lastDerive = await takeLastDerive(store);
  const changed = { records: 0 };
  const outcomes = await loadSources(store, {
    registry: opts.registry,
    snapshotDir: opts.snapshotDir,
    only: opts.sources,
    now,
    config: opts.config,
    progress: opts.progress,
    write: { runId, now, olderThanStore: opts.olderThanStore, changed },
    collectFailures: opts.collectFailures,
    maxRemovalShare: opts.config.maxRemovalShare,
    acceptRemovals: opts.acceptRemovals,
  });
  opts.signal?.throwIfAborted();
  // A failing statement names its step (internal-query-error.ts).
  const derived = await derive(withStep(store, 'the derive step (people, links, NHIs, owners)'), now, opts.config, opts.progress, runId, {
    last: lastDerive,
    changed: changed.records,
  });
  opts.signal?.throwIfAborted();
  const { held, without, advice } = await planRules(store, rules, outcomes, opts.snapshotDir, {
    absent: opts.config.sources?.absent ?? [],
    configFile: configFileOf(opts.config),
  });
  const { runs, lifecycle, unmatchedExceptions } = await detectFindings(withStep(store, 'the findings step (rules and the findings update)'), {
    rules,
    held,
    without,
    now,
    config: opts.config,
    registry: opts.registry,
    progress: opts.progress,
    outcomes,
    exceptions: opts.exceptions,
    olderThanStore: opts.olderThanStore,
    signal: opts.signal,
  });
  const warnings: string[] = [...advice];
  for (const x of unmatchedExceptions) {
    warnings.push(`exception for ${x.rule} ${x.subject} matched no finding (a typo in the subject, or the access is gone)`);
  }
  const previousLinks = await previousScanLinks(store);
  if (previousLinks !== null && previousLinks >= 10 && derived.links < previousLinks / 2) {
    warnings.push(`linked ${derived.links} account(s) to people, far fewer than the ${previousLinks} of the previous scan: check the HR export and its column map`);
  }
  const endedAt = new Date().toISOString();
  const exitCode = anyFailure(outcomes) || runs.some((r) => r.error) ? 1 : 0;
  await store.write(
    `MERGE (s:Scan {id: $id})
     SET s.status = 'complete', s.now = $now, s.runId = $runId, s.startedAt = $startedAt, s.endedAt = $endedAt,
         s.snapshot = $snapshot, s.sources = $sources, s.containers = $containers, s.exitCode = $exitCode,
         s.findingsNew = $new, s.findingsResolved = $resolved, s.findingsReopened = $reopened, s.links = $links,
         s.olderThanStore = $olderThanStore`,
    {
      id: scanId,
      now,
      runId,
      startedAt,
      endedAt,
      snapshot: opts.snapshotDir,
      sources: JSON.stringify(outcomes),
      containers: JSON.stringify(containerOutcomes(outcomes)),
      exitCode,
      new: lifecycle.new,
      resolved: lifecycle.resolved,
      reopened: lifecycle.reopened,
      links: derived.links,
      // Revocation never acts on a store last loaded with older data (--allow-older).
      olderThanStore: opts.olderThanStore === true,
    },
  );
  await recordScanFigures(withStep(store, 'the scan record (its figures)'), scanId, now, { olderThanStore: opts.olderThanStore });
  // This scan brought the store whole again: scans killed before it stay in the history as interrupted.
  await store.write(`MATCH (s:Scan) WHERE s.status = 'running' AND s.id <> $id SET s.status = 'interrupted'`, { id: scanId });
  return { scanId, runId, now, startedAt, endedAt, outcomes, derived, rules: runs, lifecycle, warnings, exitCode };
}

/** One row per (source, container) with its outcome: what the Scan node records for the report and the scheduler. */
export function containerOutcomes(outcomes: SourceOutcome[]) {
  const rows: { source: string; container: string; status: 'loaded' | 'failed'; error?: string }[] = [];
  for (const o of outcomes) {
    for (const c of o.containers) rows.push({ source: o.source, container: c, status: 'loaded' });
    for (const f of o.failedContainers) rows.push({ source: o.source, container: f.container, status: 'failed', error: f.error });
  }
  return rows;
}

/** How many accounts the latest earlier scan linked to people, or null. */
async function previousScanLinks(store: GraphStore): Promise<number | null> {
  const rows = await store.read('MATCH (s:Scan) WHERE s.links IS NOT NULL RETURN s.links AS links ORDER BY s.now DESC LIMIT 1');
  return rows.length ? Number(rows[0]!.links) : null;
}

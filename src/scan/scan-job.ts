// The scan job: everything `driftgraph scan` does, callable by the command
// line, the scheduler and tests. Order matters: rules, the config's rule
// overrides and the exceptions are checked before anything is collected or
// written, so a bad setting is exit 2 with the store untouched.
import { resolve } from 'node:path';
import { readdir, rm, stat } from 'node:fs/promises';
import { configFileOf } from '../config/config-file.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { ContainerFailure, Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import { UsageError } from '../util/errors.js';
import { REVIEW_ACCEPTANCE_PREFIX, syncReviews } from '../reviews/sync.js';
import { DEFAULT_EXCEPTION_MAX_DAYS, loadExceptions } from '../findings/exceptions.js';
import { loadRules, type RuleFile } from '../rules/rule-file.js';
import { checkRuleOverrides } from '../rules/check-config.js';
import { runScan, type ScanResult } from './run-scan.js';
import { snapshotExists, snapshotNow } from './snapshot.js';
import { checkSnapshotHoldsSources } from './snapshot-check.js';
import { buildLiveSnapshot } from './live-snapshot.js';
import { compactAfterScan } from './compact-after-scan.js';
import { append } from '../util/arrays.js';

export interface ScanJobOptions {
  registry: Registry;
  config: Config;
  /** The config file's folder: relative paths in the config are relative to it. */
  configDir: string;
  /** Opens the store (embedded or Neo4j); the job closes it. */
  openStore: () => Promise<GraphStore>;
  /** A snapshot directory; without it, a live scan collects `sources` first. */
  from?: string;
  sources?: string[];
  now?: string;
  progress: Progress;
  /** Rule files; default: the built-in rules. */
  rules?: RuleFile[];
  /** Stop between steps (the scheduler's stop signal). */
  signal?: AbortSignal;
  /** With `from`: what already failed while that snapshot was put together (a stale export, a failed collection). */
  collectFailures?: Map<string, ContainerFailure[]>;
  /** Accept a snapshot older than the store's latest scan (it then overwrites nothing newer and resolves nothing). */
  allowOlder?: boolean;
  /** Live scans read sources that have a folder here (HR, devices) from it instead of collecting them (default: config exportsDir). */
  exportsDir?: string;
  /** Accept loads that remove more than maxRemovalShare of a container's records. */
  acceptRemovals?: boolean;
  /** Scan without an exceptions file, on purpose: accepted risks in the store reopen. */
  noExceptions?: boolean;
}

/** Findings the store holds as accepted risks. */
async function exceptedCount(store: GraphStore): Promise<number> {
  // Risks accepted by an access review's keep come from the store, not from the file.
  const rows = await store.read(
    `MATCH (f:Finding) WHERE f.status = 'excepted' AND NOT coalesce(f.exceptionJson, '') CONTAINS $review RETURN count(f) AS n`,
    { review: `"reason":"${REVIEW_ACCEPTANCE_PREFIX}` },
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * A scan that reads no exceptions file while the store holds accepted risks
 * would reopen every one of them without a word (run from another folder, a
 * file that moved): refused, naming the path looked at, unless
 * --no-exceptions says it is meant.
 */
function missingExceptionsError(count: number, file: string, configFile: string): UsageError {
  return new UsageError(
    `the store holds ${count} accepted risk(s) (excepted findings), but there is no exceptions file at ${file} ` +
      `(exceptionsFile in ${configFile}, relative to its folder; default exceptions.yaml): this scan would reopen every one of them. ` +
      `Run from the folder that holds your driftgraph.yaml and exceptions file, point --config at it, set exceptionsFile, ` +
      `or pass --no-exceptions if they are meant to reopen.`,
  );
}

/**
 * The newest now of any scan, complete or not (unlike the views'
 * latestScanNow, which reads completed scans only): even a scan killed part
 * way wrote data as of its now, so older data must not overwrite it.
 */
async function newestScanNow(store: GraphStore): Promise<string | null> {
  const rows = await store.read('MATCH (s:Scan) RETURN max(s.now) AS now');
  return (rows[0]?.now as string | null) ?? null;
}

/** Time must not run backwards: a scan older than the store's latest would resolve findings before they were seen. */
function checkNotOlder(latest: string | null, now: string, allowOlder: boolean): void {
  if (!latest || now >= latest || allowOlder) return;
  throw new UsageError(
    `this scan's now (${now}) is older than the store's latest scan (${latest}): refused, because it would ` +
      `resolve findings before they were first seen. Scan a newer snapshot, set --now, or pass --allow-older ` +
      `to load it without overwriting newer data and without resolving anything.`,
  );
}

export async function runScanJob(o: ScanJobOptions): Promise<ScanResult> {
  const known = o.registry.map((c) => c.source);
  for (const s of o.sources ?? []) if (!known.includes(s)) throw new UsageError(`unknown source ${s}; known: ${known.join(', ')}`);
  const absent = (o.config.sources?.absent ?? []).filter((s) => !known.includes(s));
  if (absent.length) {
    const lines = absent.map((s) => `  sources.absent: ${s}: no source of that name${didYouMean(s, known)} (sources: ${known.join(', ')})`);
    throw new UsageError(`config ${configFileOf(o.config)} is invalid:\n${lines.join('\n')}`);
  }
  const rules = o.rules ?? (await loadRules());
  checkRuleOverrides(o.config, rules);

  // Everything the user wrote is checked before anything is collected or opened.
  if (o.from && !(await snapshotExists(o.from))) throw new UsageError(`--from ${o.from}: no such directory`);
  if (!o.from && !o.sources?.length) throw new UsageError('a live scan needs --sources (e.g. --sources aws); or scan a snapshot with --from DIR');
  // The scan's now, resolved once: --now, else the snapshot's own time, else
  // (a live scan) the clock now; the live snapshot is dated with it too.
  const now = o.from ? await snapshotNow(o.from, o.now) : o.now ? await snapshotNow('.', o.now) : new Date().toISOString();
  const exceptionsFile = resolve(o.configDir, o.config.exceptionsFile ?? 'exceptions.yaml');
  const exceptionsFound = !o.noExceptions && (await stat(exceptionsFile).then(() => true, () => false));
  const exceptions = o.noExceptions
    ? []
    : await loadExceptions(exceptionsFile, o.config.exceptionsFile !== undefined, {
        ruleIds: rules.map((r) => r.id),
        now,
        maxDays: o.config.exceptions?.maxDays ?? DEFAULT_EXCEPTION_MAX_DAYS,
      });

  let snapshotDir = o.from;
  let collectFailures = o.collectFailures;
  if (!snapshotDir) {
    const live = await buildLiveSnapshot({
      registry: o.registry,
      sources: o.sources!,
      config: o.config,
      exportsDir: o.exportsDir ?? (o.config.exportsDir ? resolve(o.configDir, o.config.exportsDir) : undefined),
      now: new Date(now),
      progress: o.progress,
    });
    snapshotDir = live.dir;
    collectFailures = live.failures;
  }

  // A live scan's failures are outcomes of their own (exit 1), not an empty folder;
  // so are those of a snapshot the caller just put together (it passes its collectFailures).
  if (o.from && o.collectFailures === undefined) await checkSnapshotHoldsSources(snapshotDir, o.sources ?? o.registry.map((c) => c.source));
  let store: GraphStore;
  try {
    store = await o.openStore();
  } catch (e) {
    if (!o.from) await removeIfEmpty(snapshotDir, o.registry);
    throw e;
  }
  try {
    // Read once: the check and the older-data mode judge the same newest scan.
    const newest = await newestScanNow(store);
    checkNotOlder(newest, now, o.allowOlder === true);
    // Access reviews: decisions taken since the last scan reach the store; keeps in force are accepted risks.
    append(exceptions, await syncReviews(store, now));
    const accepted = exceptionsFound ? 0 : await exceptedCount(store);
    if (accepted && !o.noExceptions) throw missingExceptionsError(accepted, exceptionsFile, configFileOf(o.config));
    const result = await runScan(store, {
      acceptRemovals: o.acceptRemovals,
      olderThanStore: o.allowOlder === true && (newest ?? '') > now,
      registry: o.registry,
      snapshotDir,
      sources: o.sources,
      now,
      config: o.config,
      exceptions,
      progress: o.progress,
      rules,
      collectFailures,
      signal: o.signal,
    });
    if (accepted) result.warnings.push(`--no-exceptions: ${accepted} accepted risk(s) the store held were scanned without their exceptions and reopen where still found`);
    // Last, while the job still holds the store: the scan's writes are all in.
    const compaction = await compactAfterScan(store, o.config, o.progress);
    if (compaction?.failed) result.warnings.push(compaction.message);
    return result;
  } finally {
    await store.close();
    // A live collection that got nothing leaves no empty snapshot folder behind.
    if (!o.from) await removeIfEmpty(snapshotDir, o.registry);
  }
}

async function removeIfEmpty(dir: string, registry: Registry): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (!entries.some((e) => registry.some((c) => c.source === e))) await rm(dir, { recursive: true, force: true });
}

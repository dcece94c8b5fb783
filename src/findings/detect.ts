// The findings step of a scan: each rule runs, its rows become findings, and
// those are merged with what the store holds of that rule, one rule at a
// time, so memory holds one rule's findings, never every finding. Each rule's
// update is one transaction: a crash leaves every finding of a rule as it was
// or every one updated. Why not one transaction for the whole step: the
// embedded engine keeps about 3.5 KiB per uncommitted finding, 1.5 GiB at
// 400,000 findings. A clean stop (the scheduler's SIGTERM) is checked before
// the step and between two rules: the rule in progress finishes and its
// update is written, the next does not start. Like a crash between two rules,
// that leaves the Scan `running`, and the next scan completes the update (each
// rule's findings are all as one scan left them).
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Registry } from '../sources/connector.js';
import type { Progress } from '../util/progress.js';
import type { RuleFile } from '../rules/rule-file.js';
import { ruleEnabled, runRule } from '../rules/run-rules.js';
import type { SourceOutcome } from '../sources/source-outcome.js';
import { latestScanNow } from '../graph/scan-now.js';
import { buildRuleFindings, type RuleRun } from './build.js';
import { emptyLifecycle, planKeepOfRulesNotRun, planRuleUpdate, writeRuleUpdate, type LifecycleContext, type LifecycleStats } from './lifecycle.js';
import { readRuleStates, readStatesOutside } from './finding-store.js';
import type { RiskException } from './exceptions.js';
import { sourceWords } from './title.js';
import { errorMessage } from '../util/errors.js';

export interface DetectOptions {
  rules: RuleFile[];
  /** Rules held back this scan, with why (see src/scan/held-rules.ts). */
  held: Map<string, string>;
  /** Rules that run without a source the config declares absent (`sources.absent`). */
  without?: Map<string, string[]>;
  now: string;
  config: Config;
  registry: Registry;
  progress: Progress;
  outcomes: SourceOutcome[];
  exceptions: RiskException[];
  olderThanStore?: boolean;
  /** Checked before the step and between rules: a clean stop never lands inside one rule's update. */
  signal?: AbortSignal;
}

export interface Detection {
  runs: RuleRun[];
  lifecycle: LifecycleStats;
  /** Exceptions that matched no finding of this scan. */
  unmatchedExceptions: RiskException[];
}

export async function detectFindings(store: GraphStore, o: DetectOptions): Promise<Detection> {
  const runs: RuleRun[] = [];
  const stats = emptyLifecycle();
  const matchedExceptions = new Set<RiskException>();
  // The latest completed scan before this one: this scan's own Scan node is still running.
  const latestNow = await latestScanNow(store);
  const build = { now: o.now, config: o.config, registry: o.registry, words: sourceWords(o.registry) };
  o.signal?.throwIfAborted();
  const ctx: LifecycleContext = { store, now: o.now, latestNow, outcomes: o.outcomes, exceptions: o.exceptions, olderThanStore: o.olderThanStore, stats, matchedExceptions };
  let writing: Promise<void> = Promise.resolve();
  for (const rule of o.rules) {
    if (o.signal?.aborted) {
      // The update in flight is finished first: every rule is all updated or not at all.
      await writing;
      o.progress.step(`stopped before rule ${rule.id}: the rules after it did not run; the next scan completes the update`);
      o.signal.throwIfAborted();
    }
    if (!ruleEnabled(rule, o.config)) continue;
    const notRun = o.held.get(rule.id);
    if (notRun) {
      o.progress.step(`rule ${rule.id}: not run: ${notRun}`);
      runs.push({ rule, findings: [], seconds: 0, notRun });
      continue;
    }
    const started = Date.now();
    let rows: Record<string, unknown>[];
    try {
      rows = await runRule(store, rule, o.now, o.config);
    } catch (e) {
      // A broken rule must not hide the others' findings.
      const error = errorMessage(e);
      o.progress.step(error);
      runs.push({ rule, findings: [], seconds: (Date.now() - started) / 1000, error });
      continue;
    }
    const seconds = (Date.now() - started) / 1000;
    const absent = o.without?.get(rule.id);
    const previous = await readRuleStates(store, rule.id);
    // Older data adds findings and touches no other: nothing is reused.
    const { found, reused, listed } = await buildRuleFindings(store, rule, rows, {
      ...build,
      absent,
      ...(o.olderThanStore ? {} : { previous, exceptions: o.exceptions }),
    });
    o.progress.step(`rule ${rule.id}: ${listed.length} finding(s)${absent ? ` (without ${absent.join(', ')}: declared absent)` : ''}`);
    const update = await planRuleUpdate(ctx, rule, found, previous, reused);
    runs.push({ rule, findings: listed, seconds, ...(absent ? { ranWithout: absent } : {}) });
    found.length = 0;
    // Write behind: the engine writes this rule's update on its own thread
    // while the next rule runs and is built here (no two rules touch the same
    // findings). One write in flight at a time, so memory holds two rules at most.
    await writing;
    writing = store.writeTx((tx) => writeRuleUpdate(tx, ctx, update));
    writing.catch(() => {}); // awaited before the next write and at the end
  }
  await writing;
  const ran = runs.filter((r) => !r.error && !r.notRun).map((r) => r.rule.id);
  const kept = planKeepOfRulesNotRun(ctx, await readStatesOutside(store, ran));
  await store.writeTx((tx) => writeRuleUpdate(tx, ctx, kept));
  return { runs, lifecycle: stats, unmatchedExceptions: o.exceptions.filter((x) => !matchedExceptions.has(x)) };
}

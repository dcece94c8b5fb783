// driftgraph scan [--from DIR] [--sources LIST] [--now ISO]
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import { runScan, type ScanResult } from '../../scan/run-scan.js';
import { parseSources } from '../sources-option.js';
import { loadExceptions } from '../../findings/exceptions.js';
import { snapshotExists } from '../../scan/snapshot.js';
import { stderrProgress } from '../../util/progress.js';
import { UsageError } from '../../util/errors.js';
import { findingsByRule, scanSummary } from '../summary.js';
import { collectSnapshot } from '../../scan/collect.js';
import { gatedExitCode, parseFailOn } from '../fail-on.js';
import { cliRules } from '../rules-option.js';

export interface ScanCommandOptions {
  from?: string;
  sources?: string;
  now?: string;
  json?: boolean;
  list?: boolean;
  failOn?: string;
}

export async function scanCommand(g: GlobalOptions, o: ScanCommandOptions): Promise<{ code: number; result: ScanResult }> {
  const { config, configDir } = await cliConfig(g);
  const failOn = parseFailOn(o.failOn);
  const rules = await cliRules(g);
  const sources = parseSources(o.sources);
  const progress = stderrProgress(g.quiet);
  let snapshotDir = o.from;
  let collectFailures;
  if (snapshotDir) {
    if (!(await snapshotExists(snapshotDir))) throw new UsageError(`--from ${snapshotDir}: no such directory`);
  } else {
    if (!sources) throw new UsageError('a live scan needs --sources (e.g. --sources aws); or scan a snapshot with --from DIR');
    const collected = await collectSnapshot(sources, config, progress);
    snapshotDir = collected.dir;
    collectFailures = collected.failures;
  }
  // Relative paths in the config are relative to the config file.
  const exceptionsFile = resolve(configDir, config.exceptionsFile ?? 'exceptions.yaml');
  const exceptions = await loadExceptions(exceptionsFile, config.exceptionsFile !== undefined);
  const store = await cliStore(g, config);
  try {
    const result = await runScan(store, { snapshotDir, sources, now: o.now, config, exceptions, progress, collectFailures, rules });
    if (o.json) process.stdout.write(JSON.stringify(scanJson(result), null, 2) + '\n');
    else {
      process.stdout.write(scanSummary(result));
      if (o.list) process.stdout.write(findingsByRule(result));
    }
    return { code: await gatedExitCode(store, result.exitCode, failOn), result };
  } finally {
    await store.close();
  }
}

/** What scripts need from a scan: sources, linking, per-rule counts, lifecycle. */
export function scanJson(r: ScanResult) {
  return {
    scanId: r.scanId,
    now: r.now,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    exitCode: r.exitCode,
    sources: r.outcomes,
    derived: r.derived,
    rules: r.rules.map((x) => ({ id: x.rule.id, findings: x.findings.length, seconds: x.seconds, error: x.error ?? null })),
    findings: r.lifecycle,
  };
}

export function registerScan(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('scan')
    .description('load a snapshot (or collect live), link, run the rules, update findings')
    .option('--from <dir>', 'scan this snapshot directory (no network)')
    .option('--sources <list>', 'only these sources, comma-separated (hr,catalog,aws,gcp,github,scim,okta,devices)')
    .option('--now <iso>', "the scan's now (default: the manifest's collectedAt, else the newest file time)")
    .option('--list', 'also print every finding, grouped by rule')
    .option('--json', 'print the scan result as JSON')
    .option('--fail-on <severity>', 'exit 3 when open findings at or above this severity (critical, high, medium, low) exist')
    .addHelpText(
      'after',
      '\nExit codes: 0 every source loaded; 1 some source failed (the others are kept); 2 bad usage or config;\n' +
        '3 with --fail-on, open findings at or above that severity (1 wins when a source failed).',
    )
    .action(async (o: ScanCommandOptions) => run(async () => (await scanCommand(program.opts(), o)).code));
}

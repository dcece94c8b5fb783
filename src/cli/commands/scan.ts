// driftgraph scan [--from DIR] [--sources LIST] [--now ISO] [--fail-on SEVERITY]
import type { Command } from 'commander';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import type { ScanResult } from '../../scan/run-scan.js';
import { runScanJob } from '../../scan/scan-job.js';
import { parseSources } from '../sources-option.js';
import { stderrProgress } from '../../util/progress.js';
import { findingsByRule, scanSummary } from '../summary.js';
import { registry } from '../registry.js';
import { gatedExitCode, parseFailOn } from '../fail-on.js';
import { cliRules } from '../rules-option.js';

export interface ScanCommandOptions {
  from?: string;
  sources?: string;
  now?: string;
  json?: boolean;
  list?: boolean;
  failOn?: string;
  allowOlder?: boolean;
  acceptRemovals?: boolean;
  exports?: string;
  /** Commander's --no-exceptions: false when given. */
  exceptions?: boolean;
}

export async function scanCommand(g: GlobalOptions, o: ScanCommandOptions): Promise<{ code: number; result: ScanResult }> {
  const { config, configDir } = await cliConfig(g);
  const failOn = parseFailOn(o.failOn);
  const result = await runScanJob({
    registry,
    config,
    configDir,
    openStore: () => cliStore(g, config),
    from: o.from,
    sources: parseSources(o.sources),
    now: o.now,
    allowOlder: o.allowOlder,
    acceptRemovals: o.acceptRemovals,
    noExceptions: o.exceptions === false,
    exportsDir: o.exports,
    progress: stderrProgress(g.quiet),
    rules: await cliRules(g),
  });
  if (o.json) process.stdout.write(JSON.stringify(scanJson(result), null, 2) + '\n');
  else {
    process.stdout.write(scanSummary(result));
    if (o.list) process.stdout.write(findingsByRule(result));
  }
  // The job has closed its store: the gate reads the findings through a read-only one.
  return { code: await gatedExitCode(() => cliStore(g, config, true), result.exitCode, failOn), result };
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
    rules: r.rules.map((x) => ({ id: x.rule.id, findings: x.findings.length, seconds: x.seconds, error: x.error ?? null, notRun: x.notRun ?? null, ranWithout: x.ranWithout ?? null })),
    findings: r.lifecycle,
    warnings: r.warnings,
  };
}

export function registerScan(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('scan')
    .description('load a snapshot (or collect live), link, run the rules, update findings')
    .option('--from <dir>', 'scan this snapshot directory (no network)')
    .option('--sources <list>', `only these sources, comma-separated (${registry.map((c) => c.source).join(',')})`)
    .option('--now <iso>', "the scan's now (default: the manifest's collectedAt, else the newest file time)")
    .option('--list', 'also print every finding, grouped by rule')
    .option('--exports <dir>', 'live scan: read sources with a folder here (hr/, devices/, catalog/) from it instead of collecting them (default: config exportsDir)')
    .option('--accept-removals', 'accept a load that removes more than maxRemovalShare (default half) of a container')
    .option('--allow-older', "accept a snapshot older than the store's latest scan: it overwrites nothing newer and resolves nothing")
    .option('--no-exceptions', 'scan without the exceptions file, on purpose: accepted risks reopen (without it, a scan that finds no exceptions file while the store holds accepted risks is refused)')
    .option('--json', 'print the scan result as JSON')
    .option('--fail-on <severity>', 'exit 3 when open findings at or above this severity (critical, high, medium, low) exist')
    .addHelpText(
      'after',
      '\nExit codes: 0 every source loaded; 1 a source or one of its containers failed (the rest is kept);\n' +
        '2 bad usage or config; ' +
        '3 with --fail-on, open findings at or above that severity (1 wins when a source failed).',
    )
    .action(async (o: ScanCommandOptions) => run(async () => (await scanCommand(program.opts(), o)).code));
}

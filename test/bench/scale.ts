// The scale benchmark: a generated estate (scale-estate.ts, every source)
// scanned three times into a fresh embedded store, as `driftgraph scan` runs
// with the default config (the store file compacted past 2.5x): first scan,
// unchanged re-scan a day later, and a re-scan with 1 % changed. Then the
// reopen time for `query` before and after `driftgraph compact`, `report`,
// `findings --format json` streamed, the engine's floor under those two (open
// and read every finding, keeping nothing), and the engine's own bulk-create rate for
// nodes of the width the scan wrote, measured in the same run. Each step runs
// in its own process (scale-step.ts), so peak RSS is the step's own. Prints
// tables, each goal of the scale target as met or not, and one JSON line.
//   node --import tsx test/bench/scale.ts [--size S|M|L|<people>] [--compact-above R|false]
//   S = 2,000 people (default), M = 10,000, L = 100,000 (10 AWS accounts of
//   20,000 users and 5,000 roles; about half an hour on two cores)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsShape } from './scale-estate.js';
import { moreShape } from './scale-estate-more.js';
import { scaleGoals } from './scale-goals.js';
import { mib, option, runStep, secs, sizeOption, writeSnapshots } from './scale-setup.js';
import { DEFAULT_COMPACT_ABOVE } from '../../src/scan/compact-after-scan.js';

const { sizeName, people } = sizeOption();
const compactAbove = option('--compact-above') ?? String(DEFAULT_COMPACT_ABOVE);

function run(args: string[]): Record<string, any> {
  const r = runStep(args);
  if (!r.ok) throw new Error(r.error);
  return r.out;
}

/** A step after the scans: one that fails is reported as failed, and the rest of the run still prints. */
function tryRun(args: string[]): Record<string, any> {
  try {
    return run(args);
  } catch (e) {
    const message = (e as Error).message.split('\n').slice(0, 3).join(' ');
    console.log(`${args[0]} FAILED: ${message}`);
    return { error: message, wallMs: NaN, peakRssBytes: NaN };
  }
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${fmt(header)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-scale-'));
try {
  const shape = { ...awsShape(people), ...moreShape(people) };
  console.log(
    `estate: ${people.toLocaleString('en')} people; ${shape.accounts} AWS account(s) of ${shape.usersPerAccount.toLocaleString('en')} users and ${shape.rolesPerAccount.toLocaleString('en')} roles; ` +
      `${shape.gcpProjects} GCP project(s) of ${shape.serviceAccountsPerProject.toLocaleString('en')} service accounts; ` +
      `${shape.githubOrgs} GitHub org(s) of ${shape.membersPerOrg.toLocaleString('en')} members; SCIM apps of ${shape.scimUsers.map((n) => n.toLocaleString('en')).join(' and ')} users; ` +
      `${shape.signInsPerPerson} Okta sign-ins and 1 device per person`,
  );
  const tg = Date.now();
  const snapshots = await writeSnapshots(people, dir);
  const generateMs = Date.now() - tg;
  console.log(`snapshots generated in ${secs(generateMs)}`);
  const db = join(dir, 'graph.db');
  const scans: [string, Record<string, any>][] = [];
  for (const [name, snap] of Object.entries(snapshots)) {
    const r = run(['scan', db, snap, compactAbove]);
    scans.push([name, r]);
    console.log(`${name} scan: ${secs(r.wallMs)} (CPU ${secs(r.cpuMs)}), peak RSS ${mib(r.peakRssBytes)}; ${r.compaction.message ?? ''}`);
    // Each scan's figures as soon as it ends: a later step that fails loses nothing.
    console.log(`${name} scan JSON: ${JSON.stringify(r)}`);
  }
  const reopenBefore = tryRun(['reopen', db]);
  const compact = tryRun(['compact', db]);
  const reopenAfter = tryRun(['reopen', db]);
  const report = tryRun(['report', db, join(dir, 'report')]);
  const findings = tryRun(['findings', db, 'json']);
  const readFloor = tryRun(['read-floor', db]);
  const first = scans[0]![1];
  const bulkN = Math.min(first.tallies.nodes?.rows ?? 10_000, 200_000);
  const bulk = run(['bulk', join(dir, 'bulk.db'), String(bulkN), String(first.width)]);

  const t = (r: Record<string, any>, kind: string) => r.tallies[kind] ?? { rows: 0, ms: 0, statements: 0 };
  const kinds = ['nodes', 'relationships', 'removals', 'derive', 'findings', 'scan'];
  const rowsWritten = (r: Record<string, any>) => kinds.reduce((s, k) => s + t(r, k).rows, 0);
  console.log(
    '\n' +
      table(
        ['scan', 'wall', 'vs first', 'CPU', 'CPU vs first', 'peak RSS', 'load', 'derive', 'rules', 'findings', 'checkpoint+compact', 'close', 'file as scanned', 'file after'],
        scans.map(([name, r]) => [
          name, secs(r.wallMs), `${((r.wallMs / first.wallMs) * 100).toFixed(0)} %`, secs(r.cpuMs), `${((r.cpuMs / first.cpuMs) * 100).toFixed(0)} %`, mib(r.peakRssBytes),
          secs(r.phases.loadTotal), secs(r.phases.derive), secs(r.phases.rules), secs(r.phases.findings),
          `${secs(r.phases.compact)}${r.compaction.compacted ? ' (done)' : ''}`, secs(r.phases.close),
          mib(r.fileBytesBeforeCompaction), mib(r.fileBytes),
        ]),
      ),
  );
  const sources = Object.keys(first.phases.load);
  console.log('\nload per source\n' + table(['scan', ...sources], scans.map(([name, r]) => [name, ...sources.map((s) => secs(r.phases.load[s] ?? 0))])));
  console.log(
    '\nrows written\n' +
      table(
        ['scan', 'nodes', 'rels', 'removed', 'derived', 'findings', 'all rows', 'write time', 'read time'],
        scans.map(([name, r]) => [
          name, ...['nodes', 'relationships', 'removals', 'derive', 'findings'].map((k) => String(t(r, k).rows)), String(rowsWritten(r)),
          secs(kinds.reduce((s, k) => s + t(r, k).ms, 0)), secs(t(r, 'reads').ms + t(r, 'rules').ms),
        ]),
      ),
  );
  const loadRate = t(first, 'nodes').ms ? Math.round((t(first, 'nodes').rows / t(first, 'nodes').ms) * 1000) : 0;
  console.log(`\nload rate (first scan, node writes): ${loadRate.toLocaleString('en')} nodes/s; ` +
    `engine bulk create of ${bulk.nodes.toLocaleString('en')} nodes of ${bulk.width} properties: ${bulk.perSecond.toLocaleString('en')} nodes/s ` +
    `(${((loadRate / bulk.perSecond) * 100).toFixed(0)} %)`);
  console.log(`findings --format json (all statuses, streamed): ${secs(findings.wallMs)} (CPU ${secs(findings.cpuMs)}), peak RSS ${mib(findings.peakRssBytes)}`);
  console.log(`engine floor under findings and report (open read-only, read every finding's properties a page at a time, keep nothing): ` +
    `${secs(readFloor.wallMs)}, peak RSS ${mib(readFloor.peakRssBytes)} (${mib(readFloor.openRssBytes)} once open)`);
  console.log(`report: ${secs(report.wallMs)} (CPU ${secs(report.cpuMs)}), peak RSS ${mib(report.peakRssBytes)}`);
  console.log(`driftgraph compact: ${compact.message} (${secs(compact.wallMs)} with open and close)`);
  console.log(`reopen for query (open read-only + one count): ${secs(reopenBefore.wallMs)} at ${mib(reopenBefore.fileBytes)} before compact, ` +
    `${secs(reopenAfter.wallMs)} at ${mib(reopenAfter.fileBytes)} after; peak RSS ${mib(reopenAfter.peakRssBytes)} ` +
    `(the engine's floor under report and findings: a process that only opens the store and reads one count)`);

  const goals = scaleGoals({ scans: Object.fromEntries(scans), loadRate, bulk, findings, report });
  console.log(`\ngoals (the issue sets them for size L; measured here at ${sizeName}, ${people.toLocaleString('en')} people)\n` +
    table(['goal', 'target', 'measured', 'met'], goals.map((g) => [g.goal, g.target, g.measured, g.met ? 'met' : 'NOT met'])));
  console.log('\n' + JSON.stringify({
    size: sizeName, people, shape, compactAbove, generateMs, scans: Object.fromEntries(scans),
    reopen: { beforeCompact: reopenBefore, afterCompact: reopenAfter }, compact, report, findings, readFloor, bulk, loadRate, goals,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

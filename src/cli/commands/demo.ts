// `npm start`: scan the bundled demo estate into the embedded store, print the
// summary and the findings by rule, and write the drift report. No server, no
// credentials, no network.
import { sep } from 'node:path';
import type { Command } from 'commander';
import { scanCommand } from './scan.js';
import type { GlobalOptions } from '../context.js';
import { writeReport } from './report.js';
import { findingsByRule } from '../summary.js';
import { cliConfig, cliStore } from '../context.js';
import { DEMO_POLICY, registry } from '../registry.js';
import { cliRules } from '../rules-option.js';
import { buildPlan } from '../../revoke/plan.js';
import { planText } from '../../revoke/render.js';
import { readScanState } from '../../revoke/scan-state.js';
import { revocationOf } from '../../revoke/config.js';
import { packagePath } from '../../util/package-root.js';

export const DEMO_ESTATE = packagePath('examples', 'demo-estate') + sep;

export async function demoCommand(g: GlobalOptions): Promise<number> {
  const demo = { ...g, db: g.db ?? '.driftgraph/demo.db' };
  const { code, result } = await scanCommand(demo, { from: DEMO_ESTATE });
  process.stdout.write(findingsByRule(result));
  process.stdout.write('\n' + (await demoRevocationPlan(demo)));
  const report = await writeReport(demo, {});
  process.stdout.write(`\ndrift report written to ${report.files.html} (also .md, .json, the CSV and the charts beside it)\n`);
  process.stdout.write(
    'explore it:\n' +
      '  npx driftgraph findings --db .driftgraph/demo.db --format json\n' +
      '  npx driftgraph query --db .driftgraph/demo.db "MATCH (p:Person) RETURN p.department AS department, count(p) AS people"\n' +
      '  npx driftgraph person --db .driftgraph/demo.db ethan.clarke@northwind.example\n' +
      'open the web view (findings, people, the JML review queue, a Cypher console):\n' +
      '  npx driftgraph serve --db .driftgraph/demo.db      then browse http://127.0.0.1:7474/\n',
  );
  return code;
}

/**
 * The revocation plan for the demo estate: a dry run, with the config's
 * policy or else an example one, judged as of the demo's own moment (its
 * snapshot is a fixed day, so the wall clock would find all of it too old).
 */
async function demoRevocationPlan(g: GlobalOptions): Promise<string> {
  const { config } = await cliConfig(g);
  const rules = await cliRules(g);
  const store = await cliStore(g, config, true);
  try {
    const now = (await readScanState(store)).latestNow ?? new Date().toISOString();
    const policy = revocationOf(config) ?? DEMO_POLICY;
    const plan = await buildPlan(store, { registry, config: policy, rules, now });
    const note = revocationOf(config)
      ? `(policy: the revocation section of the config; judged as of the demo estate's moment, ${now})\n`
      : `(an EXAMPLE policy, as no revocation section is configured: see docs/revocation.md; judged as of the demo estate's moment, ${now}; nothing is sent)\n`;
    return planText(plan, { example: !revocationOf(config) }) + note + 'act for real: configure revocation: in driftgraph.yaml, then driftgraph revoke (plan) and driftgraph revoke --apply\n';
  } finally {
    await store.close();
  }
}

export function registerDemo(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('demo')
    .description('scan the bundled demo estate (examples/demo-estate) into .driftgraph/demo.db and write the drift report')
    .action(async () => run(() => demoCommand(program.opts())));
}

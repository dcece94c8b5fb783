// driftgraph rules [--format table|json]: the rules a scan runs (built-in and
// --rules DIR), with severity, thresholds (the config's overrides applied),
// frameworks and the sources each depends on.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { cliConfig, type GlobalOptions } from '../context.js';
import { cliRules } from '../rules-option.js';
import { render } from '../../util/output.js';
import { parseFormat } from '../format-option.js';
import { ruleEnabled, ruleParams } from '../../rules/run-rules.js';
import { PACKAGE_ROOT } from '../../util/package-root.js';

/** A built-in rule's file relative to the package (`queries/rules/x.cypher`); a team's as resolved. */
function fileName(file: string): { file: string; builtIn: boolean } {
  const rel = relative(PACKAGE_ROOT, file);
  return rel.startsWith('queries/') ? { file: rel, builtIn: true } : { file, builtIn: false };
}

export async function rulesCommand(g: GlobalOptions, o: { format?: string }): Promise<number> {
  const format = parseFormat(o.format);
  const { config } = await cliConfig(g);
  const rules = await cliRules(g);
  const list = rules.map((r) => ({
    id: r.id,
    severity: config.rules?.[r.id]?.severity ?? r.severity,
    enabled: ruleEnabled(r, config),
    thresholds: ruleParams(r, config),
    defaults: r.params,
    frameworks: r.frameworks,
    dependsOn: r.dependsOn,
    remediation: r.remediation,
    title: r.title,
    description: r.description,
    ...fileName(r.file),
  }));
  const rows = list.map((r) => ({
    id: r.id,
    severity: r.severity,
    enabled: r.enabled ? 'yes' : 'no',
    thresholds: Object.entries(r.thresholds).map(([k, v]) => `${k}=${v}`).join(' '),
    frameworks: r.frameworks.join('; '),
    dependsOn: r.dependsOn.join(' '),
    from: r.builtIn ? 'built-in' : r.file,
  }));
  const columns = ['id', 'severity', 'enabled', 'thresholds', 'frameworks', 'dependsOn', 'from'];
  process.stdout.write(render(format, columns, rows, list, Infinity));
  return 0;
}

export function registerRules(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('rules')
    .description('list the rules: severity, thresholds (with the config applied), frameworks, sources they depend on')
    .option('--format <f>', 'table, json or csv', 'table')
    .action(async (o: { format?: string }) => run(() => rulesCommand(program.opts(), o)));
}

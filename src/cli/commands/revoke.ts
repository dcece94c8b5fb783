// driftgraph revoke [--apply] [--format text|json] [--finding ID]: the
// revocation plan (a dry run changes nothing anywhere), or with --apply the
// plan sent within the policy and limits. `revoke approve` records an
// approval, `revoke undo` puts an executed action back, `revocations` lists
// the audit trail. Exit 1 when the plan is refused or an action failed.
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cliConfig, cliStore, DEFAULT_DB, type GlobalOptions } from '../context.js';
import { registry } from '../registry.js';
import { cliRules } from '../rules-option.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';
import type { Config } from '../../config/schema.js';
import { checkPolicyNames, decide } from '../../revoke/policy.js';
import { revocationOf } from '../../revoke/config.js';
import { AuditTrail } from '../../revoke/audit.js';
import { buildPlan } from '../../revoke/plan.js';
import { runRevocation } from '../../revoke/run.js';
import { planJson, planText } from '../../revoke/render.js';
import { undoAction } from '../../revoke/undo.js';
import { fromNodeProps } from '../../findings/finding-store.js';
import { APPROVER_EMAIL, recordApproval } from '../../revoke/approvals.js';
import { postRevocationNotes } from '../../tickets/revocation-notes.js';
import type { GraphStore } from '../../graph/store.js';

export interface RevokeOptions {
  apply?: boolean;
  format?: string;
  finding?: string;
}

/** The audit trail file: `revocation.auditLog` (relative to the config), else revocations.jsonl beside the store. */
export function auditFile(g: GlobalOptions, config: Config, configDir: string): string {
  const auditLog = revocationOf(config)?.auditLog;
  if (auditLog) return resolve(configDir, auditLog);
  const db = g.neo4j || process.env.NEO4J_URI || config.neo4j?.uri ? DEFAULT_DB : (g.db ?? config.db ?? DEFAULT_DB);
  return join(dirname(resolve(db)), 'revocations.jsonl');
}

function format(v: string | undefined): 'text' | 'json' {
  const f = (v ?? 'text').toLowerCase();
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format ${v}: one of text, json`);
  return f;
}

export async function revokeCommand(g: GlobalOptions, o: RevokeOptions): Promise<number> {
  const fmt = format(o.format);
  const { config, configDir } = await cliConfig(g);
  const rules = await cliRules(g);
  checkPolicyNames(revocationOf(config), rules.map((r) => r.id), registry, g.config ?? 'driftgraph.yaml');
  const store = await cliStore(g, config, !o.apply);
  try {
    const audit = new AuditTrail(auditFile(g, config, configDir), o.apply ? store : null);
    const now = new Date().toISOString();
    if (o.finding) {
      const rows = await store.read('MATCH (f:Finding {id: $id}) RETURN properties(f) AS f', { id: o.finding });
      if (!rows.length) throw new UsageError(`--finding ${o.finding}: no such finding (driftgraph findings lists them)`);
      const f = fromNodeProps(rows[0]!.f as Record<string, unknown>);
      if (decide(revocationOf(config), f, now).kind === 'none') {
        throw new UsageError(`--finding ${o.finding}: not covered by revocation.routine or revocation.approval in the config, so it is never acted on`);
      }
    }
    if (!revocationOf(config) && fmt === 'text') process.stderr.write('no revocation section in the config: nothing is routine and nothing needs approval, so nothing is planned (docs/revocation.md)\n');
    if (!o.apply) {
      const plan = await buildPlan(store, { registry, config: revocationOf(config), rules, now, findingId: o.finding });
      process.stdout.write(fmt === 'json' ? JSON.stringify(planJson(plan), null, 2) + '\n' : planText(plan));
      // A plan --apply would refuse fails here too, with the same code (1: the guard judged the data, not the usage),
      // so a script that plans first learns before it applies.
      for (const r of plan.refusals) process.stderr.write(`driftgraph: revoke would refuse this plan: ${terminalSafe(r)}\n`);
      return plan.refusals.length ? 1 : 0;
    }
    const run = await runRevocation(store, {
      registry,
      config,
      rules,
      audit,
      apply: true,
      env: process.env,
      now,
      ...(o.finding ? { findingId: o.finding } : {}),
      onPlan: (plan) => {
        if (fmt === 'text') process.stdout.write(planText(plan, { applying: true }));
      },
      onProgress: g.quiet || fmt === 'json' ? undefined : (line) => process.stdout.write(`${terminalSafe(line)}\n`),
    });
    const result = run.applied!;
    if (fmt === 'json') process.stdout.write(JSON.stringify(planJson(run.plan, result), null, 2) + '\n');
    for (const r of result.refused) process.stderr.write(`driftgraph: revoke refused: ${terminalSafe(r)}\n`);
    for (const x of result.outcomes.filter((x) => x.outcome === 'failed')) process.stderr.write(`driftgraph: action ${x.actionId} failed: ${terminalSafe(x.summary)}: ${terminalSafe(x.detail ?? '')}\n`);
    if (fmt === 'text') {
      const n = (k: string) => result.outcomes.filter((x) => x.outcome === k).length;
      process.stdout.write(`\nsent ${n('executed')}, already gone ${n('already-gone')}, skipped ${n('skipped')}, failed ${n('failed')}${result.refused.length ? ' (refused: nothing sent)' : ''}; a later scan verifies what was revoked\n`);
    }
    await noteOnTickets(store, config, fmt === 'text' && !g.quiet);
    return result.exitCode;
  } finally {
    await store.close();
  }
}

/** Comments on the findings' tickets (when a `tickets` section exists); a failure is said, never fails the revocation: the next run posts it. */
export async function noteOnTickets(store: GraphStore, config: Config, say: boolean): Promise<void> {
  const r = await postRevocationNotes(store, config);
  if (say && r.posted) process.stdout.write(`tickets: ${r.posted} comment(s) about revocations posted\n`);
  for (const f of r.failed) process.stderr.write(`driftgraph: warning: a ticket comment about a revocation failed (${terminalSafe(f)}); the next revoke or tickets run posts it\n`);
}

export async function approveCommand(g: GlobalOptions, findingId: string, o: { by?: string; reason?: string; expires?: string }): Promise<number> {
  if (!o.by || !APPROVER_EMAIL.test(o.by)) throw new UsageError('--by: the approver\'s email address is required');
  if (!o.reason?.trim()) throw new UsageError('--reason: say why this revocation is approved');
  const { config, configDir } = await cliConfig(g);
  const store = await cliStore(g, config);
  try {
    const audit = new AuditTrail(auditFile(g, config, configDir), store);
    const { approval, routine } = await recordApproval(store, audit, revocationOf(config), findingId, { by: o.by, reason: o.reason, ...(o.expires !== undefined ? { expires: o.expires } : {}), via: 'cli' });
    process.stdout.write(`approved ${findingId} by ${terminalSafe(approval.by)}${approval.expires ? ` until ${approval.expires}` : ''}${routine ? ' (it is routine already)' : ''}; driftgraph revoke --apply acts on it\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function undoCommand(g: GlobalOptions, actionId: string, o: { by?: string }): Promise<number> {
  const by = o.by ?? process.env.USER ?? 'unknown';
  const { config, configDir } = await cliConfig(g);
  const store = await cliStore(g, config);
  try {
    const audit = new AuditTrail(auditFile(g, config, configDir), store);
    await audit.reconcile();
    const r = await undoAction(store, actionId, { registry, config, env: process.env, audit, by });
    (r.exitCode === 0 ? process.stdout : process.stderr).write(`${r.exitCode === 0 ? '' : 'driftgraph: '}${terminalSafe(r.message)}\n`);
    if (r.exitCode === 0) await noteOnTickets(store, config, !g.quiet);
    return r.exitCode;
  } finally {
    await store.close();
  }
}

export function registerRevoke(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  const revoke = program
    .command('revoke')
    .description('plan the revocations the policy (revocation: in driftgraph.yaml) allows; --apply sends them')
    .option('--apply', 'send the plan (within revocation.maxPerRun and maxShareOfContainer); without it nothing changes')
    .option('--format <format>', 'text or json', 'text')
    .option('--finding <id>', 'only this finding (still through the policy and approvals)')
    .action(async (o: RevokeOptions) => run(() => revokeCommand(program.opts(), o)));
  revoke
    .command('approve <finding>')
    .description('approve acting on a finding the policy routes to approval')
    .requiredOption('--by <email>', 'who approves')
    .requiredOption('--reason <text>', 'why')
    .option('--expires <date>', 'the approval stops counting after this date')
    .action(async (finding: string, o: { by?: string; reason?: string; expires?: string }) => run(() => approveCommand(program.opts(), finding, o)));
  revoke
    .command('undo <actionId>')
    .description('put an executed, reversible action back (action ids: driftgraph revocations)')
    .option('--by <email>', 'who undoes it (default $USER)')
    .action(async (actionId: string, o: { by?: string }) => run(() => undoCommand(program.opts(), actionId, o)));
}

// driftgraph revocations [--format table|json|csv]: the audit trail, one row
// per action with its latest state, oldest first.
import type { Command } from 'commander';
import { withReadStore, type GlobalOptions } from '../context.js';
import { render } from '../../util/output.js';
import { parseFormat } from '../format-option.js';
import { readActions } from '../../revoke/undo.js';

export async function revocationsCommand(g: GlobalOptions, o: { format?: string }): Promise<number> {
  const fmt = parseFormat(o.format);
  const actions = await withReadStore(g, (store) => readActions(store));
  const rows = actions.map((a) => ({
    id: a.id,
    status: a.status,
    updatedAt: a.updatedAt,
    action: a.summary,
    finding: a.findingId,
    decidedBy: a.decidedBy,
    reversible: a.reversible,
    note: a.error ?? a.detail ?? (a.undoneBy ? `undone by ${a.undoneBy}` : ''),
  }));
  process.stdout.write(render(fmt, ['id', 'status', 'updatedAt', 'action', 'finding', 'decidedBy', 'reversible', 'note'], rows, actions, 80));
  return 0;
}

export function registerRevocations(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('revocations')
    .description('the revocation audit trail: every action driftgraph planned, sent, skipped, failed or undid')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (o: { format?: string }) => run(() => revocationsCommand(program.opts(), o)));
}

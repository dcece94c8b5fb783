// driftgraph person ID [--format json|table]: a person's whole access (the
// web view's person page prints the same JSON).
import type { Command } from 'commander';
import { withReadStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format-option.js';
import { toTable } from '../../util/output.js';
import { UsageError } from '../../util/errors.js';
import { findPeople } from '../../person/find-person.js';
import { personAccess, type PersonAccess } from '../../person/access.js';

export interface PersonOptions {
  format?: string;
  days?: string;
}

export async function personCommand(g: GlobalOptions, id: string, o: PersonOptions): Promise<number> {
  const format = parseFormat(o.format ?? 'table');
  if (format === 'csv') throw new UsageError('--format csv: a person is nested; use json or table');
  const days = o.days === undefined ? 30 : Number(o.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days ${o.days}: a whole number of days, 1 or more`);
  const access = await withReadStore(g, async (store) => {
    const people = await findPeople(store, id);
    if (people.length === 0) throw new UsageError(`no person matches ${JSON.stringify(id)} (employee id, email or part of a name)`);
    if (people.length > 1) {
      const list = people.slice(0, 10).map((p) => `${p.employeeId} ${p.email ?? ''}`).join('; ');
      throw new UsageError(`${people.length} people match ${JSON.stringify(id)}: ${list}; give an employee id or email`);
    }
    return personAccess(store, people[0]!.key, days);
  });
  if (!access) throw new UsageError(`no person matches ${JSON.stringify(id)}`);
  process.stdout.write(format === 'json' ? JSON.stringify(access, null, 2) + '\n' : personTable(access));
  return 0;
}

function personTable(a: PersonAccess): string {
  const p = a.person;
  const out = [`${p.displayName ?? ''} <${p.email ?? ''}> ${p.employeeId} · ${p.department ?? ''} · ${p.status ?? ''}${p.isLeaver ? ` · left ${p.leftAt}` : ''}`, ''];
  out.push('accounts:');
  out.push(toTable(['source', 'container', 'name', 'linkMethod', 'active', 'entitlements', 'credentials'], a.accounts.map((x) => ({
    ...x, entitlements: x.entitlements.map((e) => e.name ?? e.id).join(' '), credentials: x.credentials.map((c) => `${c.id}${c.active ? '' : ' (inactive)'}`).join(' '),
  }))));
  out.push('owned NHIs and credentials:');
  out.push(toTable(['kind', 'source', 'name', 'ownerMethod', 'active'], a.owned.map((o) => {
    const it = o.identity ?? o.credential!;
    return { kind: o.kind, source: 'source' in it ? it.source : '', name: it.name ?? it.id, ownerMethod: o.ownerMethod, active: it.active };
  })));
  out.push('open findings:');
  out.push(toTable(['severity', 'ruleId', 'title'], a.findings as unknown as Record<string, unknown>[]));
  return out.join('\n');
}

export function registerPerson(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('person')
    .description("a person's whole access: accounts with link method, entitlements, credentials, owned NHIs, services, recent activity, open findings")
    .argument('<id>', 'employee id, email, or part of a name (must match one person)')
    .option('--format <f>', 'table or json', 'table')
    .option('--days <n>', 'activity of the last N days (from the latest scan)', '30')
    .action(async (id: string, o: PersonOptions) => run(() => personCommand(program.opts(), id, o)));
}

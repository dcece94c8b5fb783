// Ticket routes checked against what exists before any sink is called: a
// route whose `rules:`, `sources:` or `ownerTeams:` names no rule, source or
// team would route nothing, and "no routed findings" would hide the typo.
import type { GraphStore } from '../graph/store.js';
import { existingValues, type KnownValues } from '../findings/filter-check.js';
import { UsageError } from '../util/errors.js';
import { closest } from '../util/did-you-mean.js';
import type { TicketsConfig } from './config.js';
import { teamRef } from './routing.js';

export async function checkRoutes(store: GraphStore, tickets: TicketsConfig, known: KnownValues, configFile: string): Promise<void> {
  const problems: string[] = [];
  const lists = [
    { key: 'rules', filter: 'rule', words: 'rule' },
    { key: 'sources', filter: 'source', words: 'source' },
    { key: 'ownerTeams', filter: 'team', words: 'team in the graph (catalog groups, or owners of findings)' },
  ] as const;
  for (const { key, filter, words } of lists) {
    if (!tickets.routes.some((r) => r[key]?.length)) continue;
    const existing = await existingValues(store, filter, known);
    // Teams may be written `payments` or `group:default/payments`: compared as full refs.
    const norm = (v: string) => (filter === 'team' ? teamRef(v) : v.toLowerCase());
    const have = new Set(existing.map(norm));
    tickets.routes.forEach((route, i) => {
      for (const v of route[key] ?? []) {
        if (have.has(norm(v))) continue;
        const near = closest(norm(v), existing.map(norm));
        problems.push(`  tickets.routes.${i}.${key}: ${v}: no such ${words}${near ? `; did you mean "${near}"?` : ''}`);
      }
    });
  }
  if (problems.length) throw new UsageError(`config ${configFile} is invalid (a route that names nothing routes nothing):\n${problems.join('\n')}`);
}

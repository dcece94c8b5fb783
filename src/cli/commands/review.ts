// driftgraph review start|list|items|decide|close: access review campaigns.
// `review send`, `review remind` and `review report` are in review-mail.ts
// and review-report.ts. Every command copies the decisions the campaign
// files hold into the store first (the web view only appends to the files).
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cliConfig, cliStore, DEFAULT_DB, type GlobalOptions } from '../context.js';
import type { Config } from '../../config/schema.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';
import { auditFile } from './revoke.js';
import { DEFAULT_DUE_DAYS, reviewsOf, SCOPES, type ReviewScope } from '../../reviews/config.js';
import { createCampaign } from '../../reviews/start.js';
import { appendLines, eventsFile } from '../../reviews/journal.js';
import { syncReviews } from '../../reviews/sync.js';
import { ReviewDesk } from '../../reviews/desk.js';
import { decideItem, ReviewRefused } from '../../reviews/decide.js';
import type { CampaignState } from '../../reviews/state.js';
import { randomUUID } from 'node:crypto';

/** The reviews folder: reviews.dir (relative to the config), else reviews/ beside the store. */
export function reviewsDir(g: GlobalOptions, config: Config, configDir: string): string {
  const dir = reviewsOf(config).dir;
  if (dir) return resolve(configDir, dir);
  const db = g.neo4j || process.env.NEO4J_URI || config.neo4j?.uri ? DEFAULT_DB : (g.db ?? config.db ?? DEFAULT_DB);
  return join(dirname(resolve(db)), 'reviews');
}

export async function cliDesk(g: GlobalOptions): Promise<{ desk: ReviewDesk; config: Config; configDir: string }> {
  const { config, configDir } = await cliConfig(g);
  return { desk: new ReviewDesk(reviewsDir(g, config, configDir), reviewsOf(config)), config, configDir };
}

export async function campaignOrFail(desk: ReviewDesk, id: string): Promise<CampaignState> {
  const s = await desk.campaign(id);
  if (!s) throw new UsageError(`no campaign ${id} in ${desk.dir} (driftgraph review list shows them)`);
  return s;
}

function dueOf(due: string | undefined, now: string, days: number): string {
  if (due === undefined) return new Date(Date.parse(now) + days * 86_400_000).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(due) || Number.isNaN(Date.parse(due))) throw new UsageError(`--due ${due}: not a date (YYYY-MM-DD or an ISO instant)`);
  // A day means the end of it, UTC.
  const at = /^\d{4}-\d{2}-\d{2}$/.test(due) ? new Date(Date.parse(due) + 86_400_000).toISOString() : new Date(due).toISOString();
  if (at <= now) throw new UsageError(`--due ${due}: already past`);
  return at;
}

export interface StartOptions {
  scope?: string;
  source?: string[];
  due?: string;
  name?: string;
  by?: string;
}

/** Used by the command and the scheduler: builds, writes the files (the record) and then the store. */
export async function startCampaign(g: GlobalOptions, o: StartOptions, now = new Date().toISOString()): Promise<CampaignState> {
  const scope = o.scope as ReviewScope;
  if (!(SCOPES as readonly string[]).includes(o.scope ?? '')) throw new UsageError(`--scope ${o.scope ?? ''}: one of ${SCOPES.join(', ')}`);
  const { desk, config, configDir } = await cliDesk(g);
  const rc = reviewsOf(config);
  const name = o.name ?? scope;
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(name)) throw new UsageError(`--name ${name}: lower-case letters, digits and dashes`);
  const sources = o.source?.length ? o.source.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) : null;
  const due = dueOf(o.due, now, rc.dueDays ?? DEFAULT_DUE_DAYS);
  const store = await cliStore(g, config);
  try {
    const c = await createCampaign(store, { dir: desk.dir, config: rc, auditFile: auditFile(g, config, configDir), name, scope, sources, due, by: o.by ?? process.env.USER ?? 'unknown', now });
    return (await desk.campaign(c.id))!;
  } finally {
    await store.close();
  }
}

async function startCommand(g: GlobalOptions, o: StartOptions): Promise<number> {
  const s = await startCampaign(g, o);
  const c = s.campaign;
  process.stdout.write(
    `campaign ${c.id}: ${c.accesses} access(es), ${c.items} item(s) for ${s.byReviewer.size} reviewer(s)` +
      `${c.fallbackItems ? `, ${c.fallbackItems} to the fallback reviewer` : ''}; due ${c.due}\n` +
      `next: driftgraph review send ${c.id} (mails each reviewer their link), or driftgraph review items ${c.id}\n`,
  );
  return 0;
}

/** Copies what the files hold into the store (decisions taken in the web view). */
async function syncStore(g: GlobalOptions, config: Config): Promise<void> {
  const store = await cliStore(g, config);
  try {
    await syncReviews(store, new Date().toISOString());
  } finally {
    await store.close();
  }
}

async function listCommand(g: GlobalOptions): Promise<number> {
  const { desk } = await cliDesk(g);
  const ids = await desk.campaignIds();
  if (!ids.length) process.stdout.write(`no campaigns in ${desk.dir} (driftgraph review start --scope privileged)\n`);
  for (const id of ids) {
    const s = (await desk.campaign(id))!;
    const p = s.progress();
    process.stdout.write(`${id}  ${s.campaign.scope}  due ${s.campaign.due.slice(0, 10)}  ${p.settled}/${p.accesses} decided  ${s.closedAt ? 'closed' : p.overdue ? 'OVERDUE' : 'open'}\n`);
  }
  return 0;
}

async function itemsCommand(g: GlobalOptions, id: string, o: { reviewer?: string; format?: string }): Promise<number> {
  const { desk } = await cliDesk(g);
  const s = await campaignOrFail(desk, id);
  const items = o.reviewer ? s.queue(o.reviewer) : [...s.items.values()];
  if ((o.format ?? 'table') === 'json') {
    process.stdout.write(JSON.stringify(items.map((i) => ({ ...i, status: s.status(i.id) })), null, 2) + '\n');
    return 0;
  }
  if (o.format !== undefined && o.format !== 'table') throw new UsageError(`--format ${o.format}: table or json`);
  for (const i of items) {
    process.stdout.write(`${i.id}  ${s.status(i.id).padEnd(17)}  ${terminalSafe(i.reviewer)}  ${terminalSafe(i.subject.source)} ${terminalSafe(i.subject.type)} ${terminalSafe(i.subject.name ?? i.subject.id)}\n`);
  }
  return 0;
}

export interface DecideOptions {
  by?: string;
  reason?: string;
  keepDays?: string;
  owner?: string;
  campaign?: string;
}

async function decideCommand(g: GlobalOptions, itemId: string, decision: string, o: DecideOptions): Promise<number> {
  if (!o.by || !/^[^\s@<>]+@[^\s@<>]+$/.test(o.by)) throw new UsageError('--by: the reviewer\'s email address is required');
  const { desk, config } = await cliDesk(g);
  let state: CampaignState | null = null;
  for (const id of o.campaign ? [o.campaign] : (await desk.campaignIds()).reverse()) {
    const s = await desk.campaign(id);
    if (s?.items.has(itemId)) {
      state = s;
      break;
    }
  }
  if (!state) throw new UsageError(`no item ${itemId}${o.campaign ? ` in campaign ${o.campaign}` : ''} (driftgraph review items CAMPAIGN lists them)`);
  const keepDays = o.keepDays === undefined ? undefined : Number(o.keepDays);
  try {
    const e = await decideItem(state, {
      itemId,
      decision: decision === 'not mine' ? 'not-mine' : decision,
      by: o.by,
      reason: o.reason,
      keepDays,
      newOwner: o.owner,
      via: 'cli',
      fallbackReviewer: desk.config.fallbackReviewer ?? null,
    });
    process.stdout.write(`recorded: ${e.decision} on ${itemId} by ${terminalSafe(e.by)} at ${e.at}${e.keepUntil ? ` (kept until ${e.keepUntil})` : ''}\n`);
  } catch (err) {
    if (err instanceof ReviewRefused) throw new UsageError(err.message);
    throw err;
  }
  await syncStore(g, config);
  return 0;
}

async function closeCommand(g: GlobalOptions, id: string, o: { by?: string }): Promise<number> {
  const { desk, config } = await cliDesk(g);
  const s = await campaignOrFail(desk, id);
  if (s.closedAt) throw new UsageError(`campaign ${id} was closed at ${s.closedAt}`);
  await appendLines(eventsFile(desk.dir, id), [{ eventId: randomUUID(), at: new Date().toISOString(), event: 'closed', by: o.by ?? process.env.USER ?? 'unknown' }]);
  await syncStore(g, config);
  process.stdout.write(`campaign ${id} closed: ${s.progress().open} access(es) were left undecided (driftgraph review report ${id})\n`);
  return 0;
}

export function registerReviewCore(review: Command, program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  review
    .command('start')
    .description('start a campaign: one item per reviewer and access in scope')
    .requiredOption('--scope <scope>', `what is reviewed: ${SCOPES.join(', ')}`)
    .option('--source <list...>', 'only identities of these sources')
    .option('--due <date>', 'decisions are due by the end of this day (default: reviews.dueDays from now)')
    .option('--name <name>', 'the campaign name its id starts with (default: the scope)')
    .option('--by <email>', 'who starts it (default $USER)')
    .action(async (o: StartOptions) => run(() => startCommand(program.opts(), o)));
  review
    .command('list')
    .description('the campaigns and their progress')
    .action(async () => run(() => listCommand(program.opts())));
  review
    .command('items <campaign>')
    .description("a campaign's items (ids for review decide)")
    .option('--reviewer <email>', "only this reviewer's items")
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, o: { reviewer?: string; format?: string }) => run(() => itemsCommand(program.opts(), id, o)));
  review
    .command('decide <item> <decision>')
    .description('record a decision: keep, revoke, reassign or not-mine')
    .requiredOption('--by <email>', 'the reviewer deciding (must be the item\'s reviewer)')
    .option('--reason <text>', 'why (required for keep and revoke)')
    .option('--keep-days <n>', 'keep: how long it holds (default reviews.keepDays, 90)')
    .option('--owner <owner>', 'reassign: the new owner, an email or a team (group:default/payments)')
    .option('--campaign <id>', 'the campaign (default: the one holding the item)')
    .action(async (item: string, decision: string, o: DecideOptions) => run(() => decideCommand(program.opts(), item, decision, o)));
  review
    .command('close <campaign>')
    .description('close a campaign: no more decisions, no more overdue findings')
    .option('--by <email>', 'who closes it (default $USER)')
    .action(async (id: string, o: { by?: string }) => run(() => closeCommand(program.opts(), id, o)));
}

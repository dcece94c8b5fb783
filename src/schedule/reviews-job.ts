// The scheduler's access review job (daily): starts each campaign of
// reviews.campaigns whose cron time passed since the last campaign of that
// name started (mailing its reviewers when mail is set up), then sends the
// reminders and escalations that are due for every open campaign.
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DUE_DAYS, reviewsOf } from '../reviews/config.js';
import { ReviewDesk } from '../reviews/desk.js';
import { Mailer } from '../reviews/mail.js';
import { sendInvitations, sendReminders, type NotifyOptions } from '../reviews/notify.js';
import { createCampaign } from '../reviews/start.js';
import { syncReviews } from '../reviews/sync.js';
import { revocationOf } from '../revoke/config.js';
import { missedFire } from './catch-up.js';
import type { Config } from '../config/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { Logger } from './log.js';
import { append } from '../util/arrays.js';

/** What this job needs of the scheduler's JobContext (jobs.ts hands it the whole context). */
export interface ReviewsJobContext {
  store: GraphStore;
  config: Config;
  configDir: string;
  signal: AbortSignal;
  log: Logger;
}

export async function reviewsJob(ctx: ReviewsJobContext): Promise<{ exitCode: number; errors: string[]; details: Record<string, unknown> }> {
  const rc = reviewsOf(ctx.config);
  const storeDir = ctx.store.kind === 'embedded' ? dirname(resolve(ctx.store.location)) : resolve(ctx.configDir, '.driftgraph');
  const desk = new ReviewDesk(rc.dir ? resolve(ctx.configDir, rc.dir) : join(storeDir, 'reviews'), rc);
  const auditLog = revocationOf(ctx.config)?.auditLog;
  const auditFile = auditLog ? resolve(ctx.configDir, auditLog) : join(storeDir, 'revocations.jsonl');
  const now = new Date();
  const errors: string[] = [];
  const started: string[] = [];
  const email = ctx.config.report?.email;
  const mailer = email && rc.webUrl ? new Mailer(email) : null;
  try {
    await syncReviews(ctx.store, now.toISOString());
    const managerOf = async (e: string) => {
      const m = (await ctx.store.read('MATCH (p:Person {email: $e}) RETURN p.managerEmail AS m', { e }))[0]?.m;
      return typeof m === 'string' && m ? m.toLowerCase() : null;
    };
    const notify: NotifyOptions | null = mailer ? { desk, mailer, webUrl: rc.webUrl!, now: now.toISOString(), managerOf } : null;
    const last = new Map((await ctx.store.read('MATCH (c:ReviewCampaign) RETURN c.name AS name, max(c.createdAt) AS at')).map((r) => [String(r.name), String(r.at)]));
    for (const def of rc.campaigns ?? []) {
      ctx.signal.throwIfAborted();
      // Never started: the last day's times count, so a new definition waits for its own calendar.
      const since = new Date(last.get(def.name) ?? now.getTime() - 25 * 3_600_000);
      if (!missedFire(def.cron, ctx.config.schedule?.timezone, since, now)) continue;
      try {
        const c = await createCampaign(ctx.store, {
          dir: desk.dir,
          config: rc,
          auditFile,
          name: def.name,
          scope: def.scope,
          sources: def.sources ?? null,
          due: new Date(now.getTime() + (def.dueDays ?? rc.dueDays ?? DEFAULT_DUE_DAYS) * 86_400_000).toISOString(),
          by: 'driftgraph schedule',
          now: now.toISOString(),
        });
        started.push(c.id);
        ctx.log.info({ campaign: c.id, items: c.items }, `access review ${c.id} started: ${c.items} item(s)`);
        if (notify) append(errors, (await sendInvitations(notify, (await desk.campaign(c.id))!)).failed);
      } catch (e) {
        errors.push(`reviews.campaigns ${def.name}: ${(e as Error).message}`);
      }
    }
    let reminded = 0;
    let escalated = 0;
    if (notify) {
      for (const id of await desk.campaignIds()) {
        const s = await desk.campaign(id);
        if (!s || s.closedAt || started.includes(id)) continue;
        const r = await sendReminders(notify, s);
        reminded += r.reminded.length;
        escalated += r.escalated.length;
        append(errors, r.failed);
      }
    } else {
      ctx.log.info('access review reminders need report.email and reviews.webUrl: none sent');
    }
    return { exitCode: errors.length ? 1 : 0, errors, details: { started, reminded, escalated } };
  } finally {
    mailer?.close();
  }
}

// Mails to reviewers: the first invitation (`review send`), reminders before
// the due date, and after it an escalation to the reviewer's manager. Each
// mail is recorded in the campaign's events (to whom, which link id) once
// sent, so a reminder stage goes to a reviewer once; a fresh link goes with
// every mail to a reviewer, because each link works only once.
import { randomUUID } from 'node:crypto';
import { appendLines, eventsFile } from './journal.js';
import { makeLink } from './links.js';
import type { Mailer } from './mail.js';
import type { ReviewDesk } from './desk.js';
import type { CampaignState } from './state.js';
import { DEFAULT_LINK_HOURS, DEFAULT_REMIND_DAYS } from './config.js';
import type { ReviewEvent } from './model.js';

export interface NotifyOptions {
  desk: ReviewDesk;
  mailer: Mailer;
  /** The web view's address as reviewers reach it (reviews.webUrl). */
  webUrl: string;
  now: string;
  /** The reviewer's manager from HR, for escalations. */
  managerOf: (email: string) => Promise<string | null>;
}

export interface NotifyResult {
  invited: string[];
  reminded: string[];
  escalated: { reviewer: string; manager: string | null }[];
  failed: string[];
}

/** Reviewers with an item still open, and how many each has. */
export function openReviewers(state: CampaignState): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of state.openItems()) out.set(i.reviewer, (out.get(i.reviewer) ?? 0) + 1);
  return out;
}

function linkUrl(webUrl: string, token: string): string {
  const u = new URL('review/open', webUrl.endsWith('/') ? webUrl : webUrl + '/');
  u.searchParams.set('token', token);
  return u.toString();
}

async function mailLink(o: NotifyOptions, state: CampaignState, reviewer: string, subject: string, lines: string[], event: ReviewEvent['event'], stage?: string): Promise<void> {
  const hours = o.desk.config.linkHours ?? DEFAULT_LINK_HOURS;
  const expires = new Date(Date.parse(o.now) + hours * 3_600_000).toISOString();
  const { token, tokenId } = makeLink(await o.desk.secret(), state.campaign.id, reviewer, expires);
  await o.mailer.send({ to: reviewer, subject, lines: [...lines, `The link below is yours alone, works once, and expires at ${expires}.`], link: linkUrl(o.webUrl, token) });
  await appendLines(eventsFile(state.dir, state.campaign.id), [
    { eventId: randomUUID(), at: o.now, event: 'link-issued', by: reviewer, tokenId, expires },
    ...(event !== 'link-issued' ? [{ eventId: randomUUID(), at: o.now, event, by: reviewer, reason: stage }] : []),
  ]);
}

/** The invitation: every reviewer with open items, or only `only`. */
export async function sendInvitations(o: NotifyOptions, state: CampaignState, only?: string): Promise<NotifyResult> {
  const r: NotifyResult = { invited: [], reminded: [], escalated: [], failed: [] };
  for (const [reviewer, n] of openReviewers(state)) {
    if (only && reviewer !== only.toLowerCase()) continue;
    try {
      await mailLink(o, state, reviewer, `Access review ${state.campaign.id}: ${n} item(s) to decide by ${state.campaign.due.slice(0, 10)}`, [
        `You are asked to review ${n} access item(s) in campaign ${state.campaign.id} (${state.campaign.scope}).`,
        `For each, keep it (with a reason), revoke it, name its new owner, or say it is not yours. Decisions are due by ${state.campaign.due}.`,
      ], 'link-issued');
      r.invited.push(reviewer);
    } catch (e) {
      r.failed.push(`${reviewer}: ${(e as Error).message}`);
    }
  }
  await state.refresh();
  return r;
}

/** Reminders at each remindDaysBefore stage, once per reviewer; after the due date, the manager once. */
export async function sendReminders(o: NotifyOptions, state: CampaignState): Promise<NotifyResult> {
  const r: NotifyResult = { invited: [], reminded: [], escalated: [], failed: [] };
  if (state.closedAt) return r;
  const nowMs = Date.parse(o.now);
  const dueMs = Date.parse(state.campaign.due);
  const open = openReviewers(state);
  if (nowMs < dueMs) {
    const daysLeft = (dueMs - nowMs) / 86_400_000;
    const stages = (o.desk.config.remindDaysBefore ?? DEFAULT_REMIND_DAYS).filter((d) => daysLeft <= d).sort((a, b) => a - b);
    if (!stages.length) return r;
    const stage = `${stages[0]} day(s) before`;
    for (const [reviewer, n] of open) {
      if (state.reminded.some((e) => e.by === reviewer && e.reason === stage)) continue;
      try {
        await mailLink(o, state, reviewer, `Reminder: access review ${state.campaign.id}: ${n} item(s) due ${state.campaign.due.slice(0, 10)}`, [
          `${n} access item(s) of campaign ${state.campaign.id} still wait for your decision; they are due by ${state.campaign.due}.`,
        ], 'reminded', stage);
        r.reminded.push(reviewer);
      } catch (e) {
        r.failed.push(`${reviewer}: ${(e as Error).message}`);
      }
    }
  } else if (o.desk.config.escalate !== false) {
    for (const [reviewer, n] of open) {
      if (state.escalated.some((e) => e.by === reviewer)) continue;
      const manager = await o.managerOf(reviewer);
      try {
        if (manager) {
          await o.mailer.send({
            to: manager,
            subject: `Overdue access review: ${reviewer} has ${n} item(s) open in ${state.campaign.id}`,
            lines: [
              `${reviewer}, who reports to you, has not decided ${n} access item(s) of campaign ${state.campaign.id}, due ${state.campaign.due}.`,
              'Overdue items are findings (review-overdue) until they are decided. Please ask them to decide, or have the campaign owner reassign the items.',
            ],
          });
        }
        await appendLines(eventsFile(state.dir, state.campaign.id), [{ eventId: randomUUID(), at: o.now, event: 'escalated', by: reviewer, reason: manager ? `to ${manager}` : 'no manager in HR' }]);
        r.escalated.push({ reviewer, manager });
      } catch (e) {
        r.failed.push(`${manager}: ${(e as Error).message}`);
      }
    }
  }
  await state.refresh();
  return r;
}

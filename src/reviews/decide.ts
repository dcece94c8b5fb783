// A reviewer's decision on one item: checked (their own item, still open,
// what each decision needs), then appended to the campaign's events and
// synced to disk before anyone is told it was taken. The command line and
// the web view both come through here. One decision at a time per campaign
// in this process, so two answers to the same access cannot both settle it;
// across processes the first line in the file wins (state.ts).
import { randomUUID } from 'node:crypto';
import { appendLines, eventsFile, itemsFile } from './journal.js';
import { DECISIONS, type Decision, type ReviewEvent, type ReviewItem } from './model.js';
import type { CampaignState } from './state.js';

/** A decision refused: not the reviewer's item, already settled, or missing what it needs. `status` is the web answer. */
export class ReviewRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409,
  ) {
    super(message);
    this.name = 'ReviewRefused';
  }
}

export interface DecisionInput {
  itemId: string;
  decision: string;
  /** The reviewer deciding (their email), as the link, the session or --by says. */
  by: string;
  reason?: string;
  keepDays?: number;
  newOwner?: string;
  via: 'cli' | 'web';
  /** Who answers when every reviewer of an access says "not mine". */
  fallbackReviewer?: string | null;
  now?: string;
}

const MAX_REASON = 2_000;
const locks = new Map<string, Promise<unknown>>();

export function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const turn = (locks.get(key) ?? Promise.resolve()).then(work);
  locks.set(key, turn.catch(() => undefined));
  return turn;
}

const OWNER = /^(?:[^\s@<>]+@[^\s@<>]+|(?:group:)?[a-z0-9][\w.-]*\/[\w.-]+)$/i;

export function checkDecision(input: DecisionInput, keepDaysDefault: number): { decision: Decision; reason: string; keepDays: number | null; newOwner: string | null } {
  if (!(DECISIONS as readonly string[]).includes(input.decision)) throw new ReviewRefused(`the decision must be one of ${DECISIONS.join(', ')}, not ${JSON.stringify(input.decision.slice(0, 40))}`, 400);
  const decision = input.decision as Decision;
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_REASON) throw new ReviewRefused(`the reason is longer than ${MAX_REASON} characters`, 400);
  if ((decision === 'keep' || decision === 'revoke') && !reason) throw new ReviewRefused(`${decision}: say why (a reason is required)`, 400);
  let keepDays: number | null = null;
  if (decision === 'keep') {
    keepDays = input.keepDays ?? keepDaysDefault;
    if (!Number.isInteger(keepDays) || keepDays < 1 || keepDays > 730) throw new ReviewRefused('keepDays: a whole number of days, 1 to 730', 400);
  }
  let newOwner: string | null = null;
  if (decision === 'reassign') {
    newOwner = (input.newOwner ?? '').trim();
    if (!OWNER.test(newOwner) || newOwner.length > 320) throw new ReviewRefused('reassign: name the new owner, an email address or a team (group:default/payments)', 400);
  }
  return { decision, reason, keepDays, newOwner };
}

/** Records the decision durably and returns its event. */
export async function decideItem(state: CampaignState, input: DecisionInput): Promise<ReviewEvent> {
  const checked = checkDecision(input, state.campaign.keepDays);
  return inTurn(state.campaign.id, async () => {
    await state.refresh();
    const item = state.items.get(input.itemId);
    const by = input.by.trim().toLowerCase();
    // The same answer for an item of another reviewer as for one that does not exist: nothing is told about it.
    if (!item || item.reviewer !== by) throw new ReviewRefused(`no item ${input.itemId} of ${by} in campaign ${state.campaign.id}`, 404);
    if (state.closedAt) throw new ReviewRefused(`campaign ${state.campaign.id} was closed at ${state.closedAt}: no more decisions`, 409);
    const status = state.status(item.id);
    if (status !== 'open') {
      const s = state.settled.get(item.accessId) ?? state.notMine.get(item.id);
      throw new ReviewRefused(`item ${item.id} is already settled: ${s?.decision ?? status} by ${s?.by ?? 'another reviewer'} at ${s?.at ?? '?'}`, 409);
    }
    const now = input.now ?? new Date().toISOString();
    const event: ReviewEvent = {
      eventId: randomUUID(),
      at: now,
      event: 'decided',
      itemId: item.id,
      accessId: item.accessId,
      decision: checked.decision,
      by,
      reason: checked.reason,
      authority: item.authority,
      via: input.via,
    };
    if (checked.keepDays !== null) {
      event.keepUntil = new Date(Date.parse(now) + checked.keepDays * 86_400_000).toISOString();
      event.acceptedFindings = item.evidence.openFindings.map((f) => f.id);
    }
    if (checked.newOwner) event.newOwner = checked.newOwner;
    await appendLines(eventsFile(state.dir, state.campaign.id), [event]);
    state.apply(event);
    if (checked.decision === 'not-mine') await handOver(state, item, input.fallbackReviewer ?? null);
    return event;
  });
}

/** Every reviewer of the access said "not mine": it goes to the fallback reviewer, once. */
async function handOver(state: CampaignState, item: ReviewItem, fallback: string | null): Promise<void> {
  const ids = state.byAccess.get(item.accessId) ?? [];
  if (!fallback || !ids.every((id) => state.status(id) === 'not-mine')) return;
  const to = fallback.toLowerCase();
  if (ids.some((id) => state.items.get(id)!.reviewer === to)) return;
  const declined = ids.map((id) => state.items.get(id)!.reviewer);
  const added: ReviewItem = {
    ...item,
    id: `${item.id}_f`,
    reviewer: to,
    authority: `fallback reviewer (reviews.fallbackReviewer): every reviewer said not mine (${declined.join(', ')})`,
    fallback: true,
    evidence: { ...item.evidence, otherReviewers: [] },
  };
  await appendLines(itemsFile(state.dir, state.campaign.id), [added]);
  await state.refresh();
}

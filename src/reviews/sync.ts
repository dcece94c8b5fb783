// The campaigns in the store, for the rules and the revocation plan: one
// ReviewCampaign node per campaign (with where its files are) and one
// ReviewItem per item. The files are the record; the store follows them:
// each scan (and each `review` command) copies the decisions the files hold
// and the store does not yet, records each "revoke" as an approval in the
// revocation audit trail, and hands back each "keep" as an acceptance of the
// findings that were open on the access, until the keep ends.
import type { GraphStore } from '../graph/store.js';
import { chunks } from '../graph/batches.js';
import { AuditTrail } from '../revoke/audit.js';
import { findingId } from '../findings/finding.js';
import type { RiskException } from '../findings/exceptions.js';
import type { Campaign, ReviewItem } from './model.js';
import { CampaignState } from './state.js';

export const REVIEW_REVOKED_RULE = 'review-revoked';
/** An accepted risk's reason starts so when a review keep made it (scan-job tells them from exceptions.yaml's). */
export const REVIEW_ACCEPTANCE_PREFIX = 'access review ';

export async function writeCampaignToStore(store: GraphStore, dir: string, c: Campaign, items: ReviewItem[]): Promise<void> {
  await store.write(
    `MERGE (c:ReviewCampaign {id: $id}) SET c.name = $name, c.scope = $scope, c.due = $due, c.createdAt = $createdAt,
       c.dir = $dir, c.auditFile = $auditFile, c.overdueFails = $overdueFails, c.closedAt = null, c.syncedDecisions = ''`,
    { id: c.id, name: c.name, scope: c.scope, due: c.due, createdAt: c.createdAt, dir, auditFile: c.auditFile, overdueFails: c.overdueFails },
  );
  for (const page of chunks(items, 5_000)) {
    await store.write(
      `UNWIND $rows AS r CREATE (i:ReviewItem {id: r.id, campaignId: $c, accessId: r.accessId, reviewer: r.reviewer,
         subjectKey: r.subjectKey, due: $due, open: true, overdueFails: $overdueFails, status: 'open'})`,
      { c: c.id, due: c.due, overdueFails: c.overdueFails, rows: page.map((i) => ({ id: i.id, accessId: i.accessId, reviewer: i.reviewer, subjectKey: i.subject.key })) },
    );
  }
}

interface ItemRow {
  id: string;
  status: string;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

/** Copies decisions, closings and added items into the store; returns the keeps in force as accepted risks. */
export async function syncReviews(store: GraphStore, now: string): Promise<RiskException[]> {
  const accepted: RiskException[] = [];
  const campaigns = await store.read('MATCH (c:ReviewCampaign) RETURN c.id AS id, c.dir AS dir, c.syncedDecisions AS synced, c.closedAt AS closedAt ORDER BY id');
  for (const row of campaigns) {
    const state = await CampaignState.load(String(row.dir), String(row.id)).catch(() => null);
    if (!state) continue;
    const marker = `${state.decisions.length}:${state.items.size}:${state.closedAt ?? ''}`;
    if (String(row.synced ?? '') !== marker) await copyState(store, state, marker);
    for (const e of state.settled.values()) {
      if (e.decision !== 'keep' || !e.keepUntil || e.keepUntil <= now) continue;
      for (const id of e.acceptedFindings ?? []) {
        accepted.push({
          rule: '*',
          subject: id,
          reason: `${REVIEW_ACCEPTANCE_PREFIX}${state.campaign.id} (keep): ${e.reason ?? ''}`,
          approvedBy: e.by ?? '',
          expires: e.keepUntil.slice(0, 10),
          expiresAt: e.keepUntil,
        });
      }
    }
  }
  // Only findings that still stand: one resolved meanwhile is no unmatched exception.
  if (!accepted.length) return accepted;
  const standing = new Set(
    (await store.read(`UNWIND $ids AS id MATCH (f:Finding {id: id}) WHERE f.status <> 'resolved' RETURN f.id AS id`, { ids: [...new Set(accepted.map((a) => a.subject))] })).map((r) => String(r.id)),
  );
  return accepted.filter((a) => standing.has(a.subject));
}

async function copyState(store: GraphStore, state: CampaignState, marker: string): Promise<void> {
  const c = state.campaign;
  const have = new Map<string, ItemRow>();
  for (const r of await store.read(
    'MATCH (i:ReviewItem) WHERE i.campaignId = $c RETURN i.id AS id, i.status AS status, i.decision AS decision, i.decidedBy AS decidedBy, i.decidedAt AS decidedAt, i.reason AS reason',
    { c: c.id },
  )) {
    have.set(String(r.id), r as unknown as ItemRow);
  }
  const added = [...state.items.values()].filter((i) => !have.has(i.id));
  if (added.length) {
    await store.write(
      `UNWIND $rows AS r CREATE (i:ReviewItem {id: r.id, campaignId: $c, accessId: r.accessId, reviewer: r.reviewer,
         subjectKey: r.subjectKey, due: $due, open: true, overdueFails: $overdueFails, status: 'open'})`,
      { c: c.id, due: c.due, overdueFails: c.overdueFails, rows: added.map((i) => ({ id: i.id, accessId: i.accessId, reviewer: i.reviewer, subjectKey: i.subject.key })) },
    );
  }
  const changed: Record<string, unknown>[] = [];
  for (const item of state.items.values()) {
    const s = state.settled.get(item.accessId) ?? state.notMine.get(item.id) ?? null;
    const next = { id: item.id, status: state.status(item.id), decision: s?.decision ?? null, decidedBy: s?.by ?? null, decidedAt: s?.at ?? null, reason: s?.reason ?? null, open: !state.closedAt };
    const prev = have.get(item.id);
    if (!prev || prev.status !== next.status || prev.decision !== next.decision || !!state.closedAt) changed.push(next);
  }
  for (const page of chunks(changed, 5_000)) {
    await store.write(
      `UNWIND $rows AS r MATCH (i:ReviewItem {id: r.id}) WHERE i.campaignId = $c
       SET i.status = r.status, i.decision = r.decision, i.decidedBy = r.decidedBy, i.decidedAt = r.decidedAt, i.reason = r.reason, i.open = r.open`,
      { c: c.id, rows: page },
    );
  }
  // Owners named by reassign decisions: the owners step of the next scan adds them with method `review`.
  const reassigned = [...state.settled.values()].filter((e) => e.decision === 'reassign' && e.newOwner);
  for (const e of reassigned) {
    const item = state.items.get(e.itemId!)!;
    await store.write(
      `MERGE (o:ReviewOwner {subjectKey: $key, owner: $owner}) SET o.campaignId = $c, o.by = $by, o.at = $at`,
      { key: item.subject.key, owner: e.newOwner, c: c.id, by: e.by, at: e.at },
    );
  }
  await recordApprovals(store, state);
  await store.write('MATCH (c:ReviewCampaign {id: $id}) SET c.syncedDecisions = $marker, c.closedAt = $closedAt', { id: c.id, marker, closedAt: state.closedAt });
}

/** Each "revoke" is the reviewer's approval of the review-revoked finding on that access (file first, then the store). */
async function recordApprovals(store: GraphStore, state: CampaignState): Promise<void> {
  const revokes = [...state.settled.values()].filter((e) => e.decision === 'revoke');
  if (!revokes.length) return;
  const done = new Set((await store.read('MATCH (a:RevocationApproval) WHERE a.reviewEvent IS NOT NULL RETURN a.reviewEvent AS id')).map((r) => String(r.id)));
  const audit = new AuditTrail(state.campaign.auditFile, store);
  for (const e of revokes) {
    if (done.has(e.eventId)) continue;
    const item = state.items.get(e.itemId!)!;
    const s = item.subject;
    const subject = { source: s.source, container: s.container, type: s.type, id: s.id };
    const fid = findingId(REVIEW_REVOKED_RULE, { ...subject, name: s.name }, null);
    await audit.record({
      event: 'approved',
      findingId: fid,
      ruleId: REVIEW_REVOKED_RULE,
      subject,
      decidedBy: `access review ${state.campaign.id}: ${e.by} (${e.authority ?? 'reviewer'})`,
      approval: { by: e.by ?? '', reason: `access review ${state.campaign.id}: ${e.reason ?? ''}`, expires: null },
    });
    await store.write('MATCH (a:RevocationApproval {findingId: $f}) WHERE a.reviewEvent IS NULL SET a.reviewEvent = $e', { f: fid, e: e.eventId });
  }
}

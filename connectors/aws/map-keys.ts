// Access keys -> Credential nodes. A key's last use is the latest of what
// get-access-key-last-used said, what its credential report slot says, and
// any CloudTrail event signed with it. The report has no key ids, so a key
// finds its slot by creation time: a slot's last_rotated is the creation of
// the key in it (keys cannot be rotated in place).
import type { GraphBatch } from '../../src/graph/records.js';
import { latest, toInstant } from '../../src/util/time.js';
import { slotForKey } from './credential-report.js';
import { awsKey, baseProps, type MapContext } from './map-context.js';
import type { AccessKeyEntry } from './model.js';

export interface KeyFacts {
  accessKeyId: string;
  userName: string;
  active: boolean;
  lastUsedAt: string | null;
}

const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);
const text = (v: unknown) => (typeof v === 'string' && !NO_VALUE.has(v.trim()) ? v.trim() : null);

/** Emits the key nodes and AUTHENTICATES_AS edges; returns each user's keys for the user's own facts. */
export function mapAccessKeys(ctx: MapContext, userArnByName: Map<string, string>, out: GraphBatch): Map<string, KeyFacts[]> {
  const byUser = new Map<string, KeyFacts[]>();
  let orphans = 0;
  for (const entry of ctx.snapshot.accessKeys ?? []) {
    const userArn = userArnByName.get(entry.UserName);
    const facts = mapKey(ctx, entry, userArn, out);
    if (!userArn) orphans++;
    const list = byUser.get(entry.UserName) ?? [];
    list.push(facts);
    byUser.set(entry.UserName, list);
  }
  if (orphans) ctx.warnings.push(`aws/${ctx.account}: ${orphans} access key(s) of users not in account-authorization-details.json (no AUTHENTICATES_AS edge)`);
  return byUser;
}

function mapKey(ctx: MapContext, entry: AccessKeyEntry, userArn: string | undefined, out: GraphBatch): KeyFacts {
  const createdAt = toInstant(entry.CreateDate);
  const row = userArn ? ctx.reportRow(userArn, entry.UserName) : ctx.reportRow('', entry.UserName);
  const slot = slotForKey(row, createdAt);
  const api = entry.AccessKeyLastUsed;
  const apiUsedAt = toInstant(api?.LastUsedDate);
  const trailUsedAt = ctx.snapshot.trail.keyLastUsed.get(entry.AccessKeyId) ?? null;
  const lastUsedAt = latest(apiUsedAt, slot?.lastUsedAt, trailUsedAt);
  // Service and region come from whichever IAM answer is the more recent.
  const useApi = apiUsedAt !== null && (slot?.lastUsedAt == null || apiUsedAt >= slot.lastUsedAt);
  const active = entry.Status === 'Active';
  const key = awsKey(ctx.account, 'access-key', entry.AccessKeyId);
  out.nodes.push({
    label: 'Credential',
    key,
    props: {
      ...baseProps(ctx.account, 'access-key', entry.AccessKeyId, entry.UserName),
      userName: entry.UserName,
      userArn: userArn ?? null,
      status: entry.Status,
      active,
      createdAt,
      rotatedAt: slot?.lastRotated ?? null,
      reportSlot: slot?.slot ?? null,
      lastUsedAt,
      lastUsedService: useApi ? text(api?.ServiceName) : (slot?.lastUsedService ?? null),
      lastUsedRegion: useApi ? text(api?.Region) : (slot?.lastUsedRegion ?? null),
      expiresAt: null,
      // AWS keys have no expiry by design, so "no expiry where its type has one" never applies.
      noExpiry: false,
      standalone: false,
      // Use is known when IAM answered for this key (get-access-key-last-used,
      // or a report slot with last-used columns) or CloudTrail saw it; else
      // no rule may read its silence as "never used".
      usageReported: api !== undefined || slot?.usageKnown === true || trailUsedAt !== null,
    },
  });
  if (userArn) out.edges.push({ type: 'AUTHENTICATES_AS', from: key, to: awsKey(ctx.account, 'user', userArn) });
  return { accessKeyId: entry.AccessKeyId, userName: entry.UserName, active, lastUsedAt };
}

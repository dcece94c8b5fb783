// CloudTrail aggregates -> Activity nodes, one per (identity, region, source
// IP), with PERFORMED edges from the IAM user, root user or role that made the
// calls. Calls by identities this account's data does not hold (another
// account's roles, deleted users) have nothing to hang from and are counted.
import type { GraphBatch } from '../../src/graph/records.js';
import type { ActivityAggregate } from './cloudtrail.js';
import { ipKey } from '../lib/cidr.js';
import { awsKey, baseProps, pathlessArn, type MapContext } from './map-context.js';

export interface KnownIdentity {
  arn: string;
  type: 'user' | 'role';
  name: string;
}

export function mapActivity(ctx: MapContext, identities: KnownIdentity[], out: GraphBatch): void {
  const byArn = new Map<string, KnownIdentity>();
  for (const id of identities) byArn.set(pathlessArn(id.arn), id);

  // Merge aggregates whose ARNs differ only in form (with or without a path).
  const merged = new Map<string, { id: KnownIdentity; agg: ActivityAggregate }>();
  let skipped = 0;
  let skippedEvents = 0;
  for (const agg of ctx.snapshot.trail.activities.values()) {
    const id = byArn.get(pathlessArn(agg.identityArn));
    if (!id) {
      skipped++;
      skippedEvents += agg.events;
      continue;
    }
    const nativeId = `${id.arn}|${agg.region}|${agg.sourceIp}`;
    const prev = merged.get(nativeId);
    merged.set(nativeId, { id, agg: prev ? mergeAggregates(prev.agg, agg) : agg });
  }
  if (skipped) {
    ctx.warnings.push(
      `aws/${ctx.account}: ${skippedEvents} CloudTrail event(s) in ${skipped} activity group(s) by identities not in this account's IAM data were skipped`,
    );
  }

  for (const [nativeId, { id, agg }] of merged) {
    const key = awsKey(ctx.account, 'api-activity', nativeId);
    out.nodes.push({
      label: 'Activity',
      key,
      props: {
        ...baseProps(ctx.account, 'api-activity', nativeId, `${id.name} ${agg.region || '-'} ${agg.sourceIp || '-'}`),
        identityArn: id.arn,
        // null rather than '' when CloudTrail left them out, so no rule reads '' as a place.
        region: agg.region || null,
        sourceIp: agg.sourceIp || null,
        // IPv4 or IPv6 as 32 hex digits (see src/util/ip.ts); null for a host name such as signin.amazonaws.com.
        ipKey: agg.sourceIp ? ipKey(agg.sourceIp) : null,
        firstEventAt: agg.firstEventAt,
        lastEventAt: agg.lastEventAt,
        events: agg.events,
        globalEvents: agg.globalEvents,
        // Only when every call went to a global service: one regional call
        // logged in us-east-1 must still be judged by region.
        globalService: agg.events > 0 && agg.globalEvents === agg.events,
        lastEventName: agg.lastEventName,
        lastEventSource: agg.lastEventSource,
        lastUserAgent: agg.lastUserAgent,
      },
    });
    out.edges.push({ type: 'PERFORMED', from: awsKey(ctx.account, id.type, id.arn), to: key });
  }
}

function mergeAggregates(a: ActivityAggregate, b: ActivityAggregate): ActivityAggregate {
  const later = b.lastEventAt > a.lastEventAt ? b : a;
  return {
    ...later,
    firstEventAt: a.firstEventAt < b.firstEventAt ? a.firstEventAt : b.firstEventAt,
    events: a.events + b.events,
    globalEvents: a.globalEvents + b.globalEvents,
  };
}

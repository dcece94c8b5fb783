// Sign-in groups -> Activity nodes (docs/graph-model.md "Activity": one per
// person, country and device). The connector knows the person only by the
// Okta login (`actor.alternateId`); the derive step ties each sign-in to the
// HR person with that email, as it does account links.
import { identityProps, emptyBatch, nodeKey, type GraphBatch } from '../../src/graph/records.js';
import { ipKey, type SignInGroup } from './sign-ins.js';

export function mapSignIns(groups: Iterable<SignInGroup>, orgUrl: string | null): GraphBatch {
  const graph = emptyBatch();
  for (const g of groups) {
    graph.nodes.push({
      label: 'Activity',
      key: nodeKey('okta', '', 'sign-in', g.id),
      props: {
        ...identityProps('okta', '', 'sign-in', g.id, `${g.email} ${g.country ?? '-'} ${g.deviceId ?? '-'}`),
        // Facts the derive step and the sign-in rules read: a sign-in, whose person is
        // the HR person with the login email, from the device with this id.
        signIn: true,
        actorId: g.oktaUserId,
        actorEmail: g.email,
        oktaUserId: g.oktaUserId,
        oktaOrgUrl: orgUrl,
        country: g.country,
        countryName: g.countryName,
        city: g.city,
        deviceId: g.deviceId,
        deviceName: g.deviceName,
        oktaDeviceManaged: g.oktaDeviceManaged,
        firstEventAt: g.firstEventAt,
        lastEventAt: g.lastEventAt,
        events: g.events,
        sourceIp: g.sourceIp,
        // IPv4 or IPv6 as 32 hex digits (src/util/ip.ts), as CloudTrail activity keeps it.
        ipKey: g.sourceIp ? ipKey(g.sourceIp) : null,
        lastEventName: g.lastEventType,
        lastUserAgent: g.lastUserAgent,
      },
    });
  }
  return graph;
}

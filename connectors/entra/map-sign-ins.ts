// Successful sign-ins -> Activity nodes, one per (user, country, device) as
// the Okta log's are, with the facts the derive step and the sign-in rules
// read (`signIn`, `actorEmail`, `deviceId`, `country`); devices.json ->
// Device nodes. The derive step ties sign-ins to people by email and to
// devices by device id, whichever source listed the device.
import type { GraphBatch } from '../../src/graph/records.js';
import { ipKey } from '../lib/cidr.js';
import { baseProps, entraKey, type TenantContext } from './map-context.js';

export function mapSignIns(ctx: TenantContext, out: GraphBatch): void {
  const groups = ctx.snapshot.signIns;
  if (!groups) return;
  for (const g of groups) {
    const l = g.last;
    out.nodes.push({
      label: 'Activity',
      key: entraKey(ctx.tenant, 'sign-in', g.id),
      props: {
        ...baseProps(ctx.tenant, 'sign-in', g.id, `${g.email} ${l.country ?? '-'} ${l.deviceId ?? '-'}`),
        signIn: true,
        actorEmail: g.email,
        actorId: l.userId,
        userPrincipalName: l.userPrincipalName,
        country: l.country,
        countryName: null,
        city: l.city,
        deviceId: l.deviceId,
        deviceName: l.deviceName,
        // Entra's own view of the device at sign-in, kept beside the inventory's.
        signInDeviceCompliant: l.isCompliant,
        signInDeviceManaged: l.isManaged,
        firstEventAt: g.first.createdAt,
        lastEventAt: l.createdAt,
        events: g.events,
        sourceIp: l.ipAddress,
        ipKey: l.ipAddress ? ipKey(l.ipAddress) : null,
        lastEventName: l.appDisplayName,
      },
    });
  }
}

export function mapDevices(ctx: TenantContext, out: GraphBatch): void {
  for (const d of ctx.snapshot.devices ?? []) {
    out.nodes.push({
      label: 'Device',
      key: entraKey(ctx.tenant, 'device', d.deviceId),
      props: {
        ...baseProps(ctx.tenant, 'device', d.deviceId, d.displayName ?? d.deviceId),
        deviceId: d.deviceId,
        objectId: d.objectId,
        platform: d.operatingSystem,
        managed: d.isManaged,
        compliant: d.isCompliant,
        lastSeenAt: d.lastSignInAt,
        ownerEmail: null,
      },
    });
  }
}

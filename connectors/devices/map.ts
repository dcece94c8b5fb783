// Device rows -> Device nodes. The owner (by email) and the sign-ins (by
// device id) are tied to them in the derive step, which sees every source.
import { identityProps, emptyBatch, nodeKey, type GraphBatch } from '../../src/graph/records.js';
import type { DeviceRow } from './read.js';
import { redact } from '../../src/util/redact.js';

export function mapDevices(devices: DeviceRow[]): GraphBatch {
  const graph = emptyBatch();
  for (const d of devices) {
    const extra: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(d.extra)) extra[`mdm_${k}`] = v === null ? null : redact(k, v);
    graph.nodes.push({
      label: 'Device',
      key: nodeKey('devices', '', 'device', d.deviceId),
      props: {
        ...extra,
        ...identityProps('devices', '', 'device', d.deviceId, d.deviceId),
        deviceId: d.deviceId,
        ownerEmail: d.ownerEmail,
        platform: d.platform,
        managed: d.managed,
        compliant: d.compliant,
        lastSeenAt: d.lastSeenAt,
      },
    });
  }
  return graph;
}

// The device inventory: an MDM export (`devices/devices.csv`), offline only.
// It tells which devices are managed and compliant, for the untrusted-device
// rule. A broken file fails the whole source.
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { loadWhole } from '../lib/containers.js';
import { devicesConfigSchema, type DevicesConfig } from './config.js';

export const devicesConnector: Connector<DevicesConfig> = {
  source: 'devices',
  label: 'device inventory',
  hasContainers: false,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: ['devices.csv'],
  // A device's record is what the export says, whatever the scan's now: an unchanged export is not read again.
  skipsUnchanged: true,
  subjectTypes: [{ type: 'device', label: 'Device', words: 'device' }],
  configSchema: devicesConfigSchema,
  loadSnapshot(ctx): Promise<SourceLoad> {
    return loadWhole('devices', async () => {
      const [{ readDevices }, { mapDevices }] = await Promise.all([import('./read.js'), import('./map.js')]);
      const { devices, warnings } = await readDevices(ctx.snapshotDir, ctx.config?.columns, ctx.config?.keepColumns);
      return { graph: mapDevices(devices), warnings };
    }, ctx);
  },
};

// The device inventory: an MDM export (`devices/devices.csv`), offline only.
// It tells which devices are managed and compliant, for the untrusted-device
// rule. A broken file fails the whole source.
import { emptyBatch } from '../../src/graph/records.js';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { errorMessage } from '../../src/util/errors.js';
import { devicesConfigSchema, type DevicesConfig } from './config.js';
import { mapDevices } from './map.js';
import { readDevices } from './read.js';

export const devicesConnector: Connector<DevicesConfig> = {
  source: 'devices',
  label: 'device inventory',
  hasContainers: false,
  subjectTypes: [{ type: 'device', label: 'Device', words: 'device' }],
  configSchema: devicesConfigSchema,
  async loadSnapshot(ctx): Promise<SourceLoad> {
    try {
      const { devices, warnings } = await readDevices(ctx.snapshotDir, ctx.config?.columns);
      return { containers: [''], failed: [], graph: mapDevices(devices), warnings };
    } catch (e) {
      return { containers: [], failed: [{ container: '', error: errorMessage(e) }], graph: emptyBatch(), warnings: [] };
    }
  },
};

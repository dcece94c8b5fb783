// `devices/devices.csv` (an MDM export) -> checked device rows. A row that
// cannot be read fails the whole source with its file and line: a device
// half-read as "managed" would hide an untrusted one.
import { isNoValue } from '../lib/no-value.js';
import { readRegularText } from '../lib/files.js';
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import { layoutColumns } from '../lib/columns.js';
import { DEVICE_COLUMNS, type DeviceColumn } from './columns.js';
import { parseCsv, type CsvRow } from '../lib/csv.js';
import { checkId, EMAIL, OPAQUE_ID } from '../lib/id-formats.js';
import { redactText } from '../../src/util/redact.js';

export const DEVICES_FILE = 'devices/devices.csv';

export interface DeviceRow {
  line: number;
  deviceId: string;
  ownerEmail: string | null;
  platform: string | null;
  /** null when the export leaves it empty. */
  managed: boolean | null;
  compliant: boolean | null;
  lastSeenAt: string | null;
  extra: Record<string, string | null>;
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

function flag(value: string | null, col: string, row: CsvRow): boolean | null {
  if (value === null) return null;
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new SourceError('devices', `${col} is not true or false`, { file: DEVICES_FILE, line: row.line });
}

export function readDevicesCsv(text: string, columns?: Record<string, string>, keep: string[] = []): { devices: DeviceRow[]; warnings: string[] } {
  const table = parseCsv('devices', DEVICES_FILE, text);
  const layout = layoutColumns('devices', DEVICES_FILE, table.header, DEVICE_COLUMNS, ['device_id', 'managed', 'compliant'], columns, keep);
  const warnings = [...layout.warnings];
  const seen = new Map<string, number>();
  const devices: DeviceRow[] = [];
  for (const row of table.rows) {
    const get = (col: DeviceColumn): string | null => {
      const i = layout.index[col];
      const v = i === undefined ? '' : row.cells[i]!.trim();
      return v === '' ? null : v;
    };
    const deviceId = get('device_id');
    if (!deviceId) throw new SourceError('devices', 'device_id is empty', { file: DEVICES_FILE, line: row.line });
    if (isNoValue(deviceId)) throw new SourceError('devices', 'device_id is a "no value" marker, and every device needs one', { file: DEVICES_FILE, line: row.line });
    const first = seen.get(deviceId);
    if (first !== undefined) {
      throw new SourceError('devices', `device_id is already on line ${first}`, { file: DEVICES_FILE, line: row.line });
    }
    // The id the sign-in logs name the device by (docs/sources/devices.md): an identifier, never free text.
    checkId('devices', deviceId, OPAQUE_ID, 'device_id', { file: DEVICES_FILE, line: row.line });
    seen.set(deviceId, row.line);
    let lastSeenAt: string | null;
    try {
      lastSeenAt = toInstant(get('last_seen'), { time: true, zone: true });
    } catch {
      throw new SourceError('devices', 'last_seen is not an ISO 8601 timestamp', { file: DEVICES_FILE, line: row.line });
    }
    // A device with no user ("N/A", "-") has no owner email rather than a bad one.
    const ownerCell = get('owner_email');
    const owner = ownerCell === null || isNoValue(ownerCell) ? null : ownerCell;
    const platform = get('platform');
    const extra: Record<string, string | null> = {};
    for (const [name, i] of layout.extra) extra[name] = row.cells[i]!.trim() || null;
    devices.push({
      line: row.line,
      deviceId,
      ownerEmail: owner === null ? null : checkId('devices', owner, EMAIL, 'owner_email', { file: DEVICES_FILE, line: row.line }).toLowerCase(),
      // Free text the MDM writes ("macOS", "Windows 11 Enterprise"): kept, token-shaped parts replaced.
      platform: platform === null ? null : redactText(platform),
      managed: flag(get('managed'), 'managed', row),
      compliant: flag(get('compliant'), 'compliant', row),
      lastSeenAt,
      extra,
    });
  }
  return { devices, warnings };
}

export async function readDevices(snapshotDir: string, columns?: Record<string, string>, keep: string[] = []) {
  const text = await readRegularText(join(snapshotDir, DEVICES_FILE), DEVICES_FILE, 'devices');
  if (text === null) throw new SourceError('devices', 'missing: the devices/ folder needs its devices.csv', { file: DEVICES_FILE });
  return readDevicesCsv(text, columns, keep);
}

// The device inventory CSV's columns (docs/snapshot-format.md): named by the
// config schema and read by the reader. Small on purpose: the config loads it
// with every command, the reader only in a scan.
export const DEVICE_COLUMNS = ['device_id', 'owner_email', 'platform', 'managed', 'compliant', 'last_seen'] as const;
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];

// The devices section of driftgraph.yaml (`config.devices`): a column map, as
// HR's, so another MDM export's headers can be used.
import { z } from '../../src/bundled/zod.js';
import { columnMapSchema, keepColumnsSchema } from '../lib/column-config.js';
import { DEVICE_COLUMNS } from './columns.js';

export const devicesConfigSchema = z
  .object({
    /** Our column -> the export's header, e.g. {device_id: "Device ID", owner_email: "Primary user UPN"}. */
    columns: columnMapSchema(DEVICE_COLUMNS).optional(),
    /** Other columns of the export to keep on the device (as mdm_<name>); the rest are dropped. */
    keepColumns: keepColumnsSchema.optional(),
  })
  .strict();

export type DevicesConfig = z.infer<typeof devicesConfigSchema>;

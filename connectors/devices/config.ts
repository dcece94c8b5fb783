// The devices section of driftgraph.yaml (`config.devices`): a column map, as
// HR's, so another MDM export's headers can be used.
import { z } from 'zod';

export const devicesConfigSchema = z
  .object({
    /** Our column -> the export's header, e.g. {device_id: "Device ID", owner_email: "Primary user UPN"}. */
    columns: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type DevicesConfig = z.infer<typeof devicesConfigSchema>;

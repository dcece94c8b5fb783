// The `hr:` section of driftgraph.yaml: another HR export's headers.
import { z } from 'zod';

export const hrConfigSchema = z
  .object({
    /** Our column name -> the export's header, e.g. {employee_id: "Worker ID"}. */
    columns: z.record(z.string(), z.string()).optional(),
    eventColumns: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type HrConfig = z.infer<typeof hrConfigSchema>;

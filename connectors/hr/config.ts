// The `hr:` section of driftgraph.yaml: another HR export's headers.
import { z } from '../../src/bundled/zod.js';
import { columnMapSchema, keepColumnsSchema } from '../lib/column-config.js';
import { EVENT_COLUMNS, PEOPLE_COLUMNS } from './columns.js';

export const hrConfigSchema = z
  .object({
    /** Our column name -> the export's header, e.g. {employee_id: "Worker ID"}. */
    columns: columnMapSchema(PEOPLE_COLUMNS).optional(),
    eventColumns: columnMapSchema(EVENT_COLUMNS).optional(),
    /** Extra columns of people.csv to keep on the person (as hr_<name>); every other column is dropped. */
    keepColumns: keepColumnsSchema.optional(),
  })
  .strict();

export type HrConfig = z.infer<typeof hrConfigSchema>;

// The `hr:` section of driftgraph.yaml: another HR export's headers.
import { z } from 'zod';
import { closest } from '../../src/util/did-you-mean.js';
import { EVENT_COLUMNS, PEOPLE_COLUMNS } from './columns.js';

/** A column map whose keys must be our column names (a typo is an error naming it, with the closest name). */
function columnMap(known: readonly string[]) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (known.includes(key)) continue;
      const hint = closest(key, known);
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `no column "${key}"${hint ? `; did you mean "${hint}"?` : ''} (columns: ${known.join(', ')})`,
      });
    }
  });
}

export const hrConfigSchema = z
  .object({
    /** Our column name -> the export's header, e.g. {employee_id: "Worker ID"}. */
    columns: columnMap(PEOPLE_COLUMNS).optional(),
    eventColumns: columnMap(EVENT_COLUMNS).optional(),
    /** Extra columns of people.csv to keep on the person (as hr_<name>); every other column is dropped. */
    keepColumns: z.array(z.string()).optional(),
  })
  .strict();

export type HrConfig = z.infer<typeof hrConfigSchema>;

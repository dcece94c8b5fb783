// The config side of a CSV column map (hr.columns, devices.columns): keys must
// be the source's own column names, so a typo is an error naming it with the
// closest name instead of a map that silently matches nothing.
import { z } from '../../src/bundled/zod.js';
import { closest } from '../../src/util/did-you-mean.js';

export function columnMapSchema(known: readonly string[]) {
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

/** Extra columns of an export to keep (by header or property name); every other column is dropped. */
export const keepColumnsSchema = z.array(z.string());

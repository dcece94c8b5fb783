// Which header holds which of our columns (HR, the device inventory, any CSV
// export). Another export's headers are
// named through the config map (our column -> export header); headers match
// trimmed and case-insensitively because exports vary in case, not meaning.
import { SourceError } from '../../src/util/errors.js';
import { closest } from '../../src/util/did-you-mean.js';
import { redactText } from '../../src/util/redact.js';

export interface ColumnLayout<C extends string> {
  /** Our column -> its index in the row (absent when the file lacks it). */
  index: Partial<Record<C, number>>;
  /** Columns we do not use: property-safe name -> index. */
  extra: [name: string, index: number][];
  warnings: string[];
}

const fold = (s: string) => s.trim().toLowerCase();

/** `Cost Center` -> `cost_center`: a name a Cypher query can use without quoting. */
export function propertyName(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function layoutColumns<C extends string>(
  source: string,
  file: string,
  header: string[],
  columns: readonly C[],
  required: readonly C[],
  map: Record<string, string> | undefined,
  /** Extra columns to keep (property names); the rest are dropped: an export's other columns may hold secrets. */
  keep: readonly string[] = [],
): ColumnLayout<C> {
  const warnings: string[] = [];
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    if (h !== '' && positions.has(fold(h))) {
      throw new SourceError(source, `column "${h}" appears twice in the header`, { file, line: 1 });
    }
    positions.set(fold(h), i);
  });
  for (const key of Object.keys(map ?? {})) {
    if (!(columns as readonly string[]).includes(key)) {
      warnings.push(`${file}: the column map names unknown column "${key}"; ignored`);
    }
  }

  const index: Partial<Record<C, number>> = {};
  const used = new Set<number>();
  for (const col of columns) {
    const wanted = map?.[col] ?? col;
    const i = positions.get(fold(wanted));
    if (i === undefined) {
      // A column the user mapped by name must exist: a map that matches
      // nothing would load the file with that column empty everywhere.
      if (map?.[col] !== undefined) {
        throw new SourceError(source, `the column map names "${wanted}" for ${col}, but the header has no such column`, { file, line: 1 });
      }
      if (required.includes(col)) {
        const named = wanted === col ? `"${col}"` : `"${wanted}" (mapped from ${col})`;
        throw new SourceError(source, `the header has no column ${named}`, { file, line: 1 });
      }
      continue;
    }
    index[col] = i;
    used.add(i);
  }

  const kept = new Set(keep.map(propertyName));
  const missing = columns.filter((c) => index[c] === undefined).map((c) => map?.[c] ?? c);
  failOnMisspelledHeaders(source, file, header.filter((h, i) => !used.has(i) && !kept.has(propertyName(h))), missing);

  // Unused columns are kept only when the config lists them; two headers
  // that fold to one name keep the first.
  const extra: [string, number][] = [];
  const taken = new Set<string>();
  header.forEach((h, i) => {
    if (used.has(i)) return;
    const name = propertyName(h) || `column_${i + 1}`;
    if (!kept.has(name)) return;
    if (taken.has(name)) {
      warnings.push(`${file}: column "${h}" has the same property name as an earlier one (${name}); ignored`);
      return;
    }
    taken.add(name);
    extra.push([name, i]);
  });
  return { index, extra, warnings };
}

/**
 * Extra columns are allowed (exports carry many), but a header that is a
 * near miss of a column we read and the file lacks (`end_dat`,
 * `password_enable`, `End Date`) is a typo: read as "no such column" it
 * would empty that column on every row, and an empty end date or password
 * flag reads as "none", which resolves findings. It fails the file instead,
 * naming the header and the column it resembles.
 */
export function failOnMisspelledHeaders(source: string, file: string, unused: readonly string[], missing: readonly string[]): void {
  if (!missing.length) return;
  for (const h of unused) {
    if (h.trim() === '') continue;
    const hint = closest(propertyName(h) || h, missing.map(propertyName)) ?? closest(h, missing);
    if (hint === null) continue;
    const wanted = missing.find((m) => propertyName(m) === hint || m === hint) ?? hint;
    throw new SourceError(
      source,
      `column "${clip(h)}" is not one driftgraph reads, and the header lacks "${wanted}": a misspelling? Rename the column (or map it in the config); read as absent, every row would have no ${wanted}`,
      { file, line: 1 },
    );
  }
}

/** A header is the export's own text, not a provider value; cut so a pasted row cannot fill a line. */
function clip(h: string): string {
  const s = redactText(h).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

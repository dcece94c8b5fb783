// How old the data is: the latest completed scan's now (the time its data
// was collected) against the wall clock. The report, its email, the web
// view's header and `tickets` say it, and warn past `staleAfterHours`, so a
// scan from two weeks ago is never read as last night's.
export const DEFAULT_STALE_AFTER_HOURS = 36;

export interface DataAge {
  /** The latest scan's now; null when no scan completed. */
  asOf: string | null;
  /** Whole hours from asOf to the clock (never negative); null without a scan. */
  ageHours: number | null;
  staleAfterHours: number;
  /** Older than staleAfterHours. */
  stale: boolean;
}

export function dataAge(asOf: string | null, staleAfterHours: number = DEFAULT_STALE_AFTER_HOURS, clock: Date = new Date()): DataAge {
  if (!asOf || Number.isNaN(Date.parse(asOf))) return { asOf: null, ageHours: null, staleAfterHours, stale: false };
  const ageHours = Math.max(0, Math.floor((clock.getTime() - Date.parse(asOf)) / 3_600_000));
  return { asOf, ageHours, staleAfterHours, stale: ageHours > staleAfterHours };
}

/** "5 hours old", "15 days old". */
export function ageWords(hours: number): string {
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} old`;
  const days = Math.floor(hours / 24);
  return `${days} days old`;
}

/** The loud line for stale data, or null when the data is fresh enough. */
export function staleWarning(a: DataAge): string | null {
  if (!a.stale || a.ageHours === null) return null;
  return (
    `STALE DATA: the latest scan is ${ageWords(a.ageHours)} (data as of ${a.asOf}), older than staleAfterHours (${a.staleAfterHours} h): ` +
    `these are not last night's figures. Check that the nightly scan runs (driftgraph runs) and that it completes.`
  );
}

/** "as of 2026-11-20T02:00:00.000Z (15 days old)" for headers. */
export function asOfWords(a: DataAge): string {
  return a.asOf === null ? 'no scan yet' : `as of scan ${a.asOf} (${ageWords(a.ageHours!)})`;
}

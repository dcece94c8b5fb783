// The limits on an analyst's query: config (`analystQueries.query` for the
// command line, `analystQueries.console` for the web console), then flags.
import type { Config } from '../config/schema.js';
import type { QueryLimits } from '../graph/store.js';
import { UsageError } from '../util/errors.js';

export type AnalystPlace = 'query' | 'console';

export const DEFAULT_LIMITS: Record<AnalystPlace, { timeoutSeconds: number; maxRows: number }> = {
  query: { timeoutSeconds: 300, maxRows: 100_000 },
  console: { timeoutSeconds: 30, maxRows: 2000 },
};

export interface LimitsWithSource extends QueryLimits {
  /** Where the time limit came from, as the user would change it. */
  timeoutSetting: string;
  maxRowsSetting: string;
}

export function analystLimits(config: Config, place: AnalystPlace, flags: { timeout?: string; maxRows?: string } = {}): LimitsWithSource {
  const configured = config.analystQueries?.[place] ?? {};
  let timeoutSeconds = configured.timeoutSeconds ?? DEFAULT_LIMITS[place].timeoutSeconds;
  let timeoutSetting = configured.timeoutSeconds !== undefined ? `analystQueries.${place}.timeoutSeconds` : `the default; set analystQueries.${place}.timeoutSeconds`;
  let maxRows = configured.maxRows ?? DEFAULT_LIMITS[place].maxRows;
  let maxRowsSetting = `analystQueries.${place}.maxRows`;
  if (flags.timeout !== undefined) {
    const n = Number(flags.timeout);
    if (!(n > 0) || n > 86_400) throw new UsageError(`--timeout ${flags.timeout}: seconds, more than 0 and at most 86400 (e.g. 0.5, 30)`);
    timeoutSeconds = n;
    timeoutSetting = '--timeout';
  }
  if (flags.maxRows !== undefined) {
    const n = Number(flags.maxRows);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new UsageError(`--max-rows ${flags.maxRows}: a whole number from 1 to 10000000`);
    maxRows = n;
    maxRowsSetting = '--max-rows';
  }
  if (place === 'query' && flags.timeout === undefined && configured.timeoutSeconds === undefined) timeoutSetting = 'the default; use --timeout or set analystQueries.query.timeoutSeconds';
  return { timeoutMs: timeoutSeconds * 1000, maxRows, timeoutSetting, maxRowsSetting };
}

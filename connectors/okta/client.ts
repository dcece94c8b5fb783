// Okta's System Log API (`GET /api/v1/logs`) read with plain requests:
// `since`/`until` bound the window, `Link: <...>; rel="next"` pages, and the
// `X-Rate-Limit-Remaining`/`X-Rate-Limit-Reset` headers pace the requests (a
// 429 waits until the reset). The SSWS token is a header only, never in a
// message.
import { SourceError } from '../../src/util/errors.js';
import { append } from '../../src/util/arrays.js';

const MAX_RETRIES = 5;
const MAX_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The `rel="next"` target of a Link header, or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel\s*=\s*"?next"?/i.test(m[2]!)) return m[1]!;
  }
  return null;
}

/** How long to wait for `X-Rate-Limit-Reset` (epoch seconds); 1 s when absent. */
export function untilReset(reset: string | null, nowMs = Date.now()): number {
  const at = reset && /^\d+$/.test(reset.trim()) ? Number(reset.trim()) * 1000 : NaN;
  if (Number.isNaN(at)) return 1000;
  return Math.min(Math.max(at - nowMs, 0) + 250, MAX_WAIT_MS);
}

export interface LogQuery {
  orgUrl: string;
  token: string;
  since: string;
  until: string;
  pageSize: number;
  filter?: string;
}

/** Every event in [since, until), oldest first, through every page. */
export async function readLogs(q: LogQuery, stats: { requests: number }): Promise<unknown[]> {
  const first = new URL('/api/v1/logs', q.orgUrl);
  first.searchParams.set('since', q.since);
  first.searchParams.set('until', q.until);
  first.searchParams.set('limit', String(q.pageSize));
  first.searchParams.set('sortOrder', 'ASCENDING');
  if (q.filter) first.searchParams.set('filter', q.filter);
  const events: unknown[] = [];
  let url: string | null = first.toString();
  let page = 0;
  while (url) {
    page++;
    const res = await get(url, q.token, `Okta GET /api/v1/logs (page ${page})`, stats);
    const body = (await res.json().catch(() => null)) as unknown;
    if (!Array.isArray(body)) throw new SourceError('okta', 'the response is not a list of LogEvents', { api: 'Okta GET /api/v1/logs', status: res.status });
    append(events, body);
    // Okta keeps offering a next link for polling; an empty page means the window is read.
    url = body.length ? nextLink(res.headers.get('link')) : null;
    // Only follow links to the same org: a next link is provider data.
    if (url && new URL(url).origin !== new URL(q.orgUrl).origin) {
      throw new SourceError('okta', 'a next link points outside the org', { api: 'Okta GET /api/v1/logs' });
    }
  }
  return events;
}

async function get(url: string, token: string, what: string, stats: { requests: number }): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    stats.requests++;
    const res = await fetch(url, { headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' } });
    const reset = res.headers.get('x-rate-limit-reset');
    if (res.status === 429 && attempt < MAX_RETRIES) {
      await res.body?.cancel();
      await sleep(untilReset(reset));
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      const why = res.status === 401 || res.status === 403 ? 'the API token was refused' : 'request failed';
      throw new SourceError('okta', why, { api: what, status: res.status });
    }
    // Spend the last request of a window, then wait for the next one rather than collect a 429.
    if (res.headers.get('x-rate-limit-remaining')?.trim() === '0') await sleep(untilReset(reset));
    return res;
  }
}

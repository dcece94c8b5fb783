// A small SCIM 2.0 (RFC 7644) reader: GET a resource type page by page with
// `startIndex`/`count` until `totalResults`, advancing by what the server
// actually returned (a server may cap `count`), waiting out 429s as
// `Retry-After` asks. The token goes in the Authorization header only; no
// error message ever carries it.
import { SourceError } from '../../src/util/errors.js';
import { append } from '../../src/util/arrays.js';

export interface ScimPageStats {
  requests: number;
}

const MAX_RETRIES = 5;
const MAX_WAIT_MS = 120_000;

/** `Retry-After`: seconds or an HTTP date; absent or unreadable: one second. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number {
  if (!header) return 1000;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.min(Number(s) * 1000, MAX_WAIT_MS);
  const at = Date.parse(s);
  return Number.isNaN(at) ? 1000 : Math.min(Math.max(at - nowMs, 0), MAX_WAIT_MS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson(url: URL, token: string, what: string, stats: ScimPageStats): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt++) {
    stats.requests++;
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/scim+json, application/json' },
    });
    if (res.status === 429 && attempt < MAX_RETRIES) {
      await res.body?.cancel();
      await sleep(retryAfterMs(res.headers.get('retry-after')));
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SourceError('scim', res.status === 401 || res.status === 403 ? 'the token was refused' : 'request failed', {
        api: what,
        status: res.status,
      });
    }
    try {
      const body = (await res.json()) as unknown;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
      return body as Record<string, unknown>;
    } catch {
      throw new SourceError('scim', 'the response is not a SCIM ListResponse', { api: what, status: res.status });
    }
  }
}

/** Every resource of `/Users` or `/Groups`, all pages. */
export async function listAll(
  baseUrl: string,
  resource: 'Users' | 'Groups',
  token: string,
  pageSize: number,
  stats: ScimPageStats,
): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let startIndex = 1;
  for (;;) {
    const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${resource}`);
    url.searchParams.set('startIndex', String(startIndex));
    url.searchParams.set('count', String(pageSize));
    const what = `SCIM GET /${resource}?startIndex=${startIndex}`;
    const page = await getJson(url, token, what, stats);
    const resources = Array.isArray(page.Resources) ? (page.Resources as Record<string, unknown>[]) : [];
    append(all, resources);
    const total = Number(page.totalResults);
    // Stop at totalResults; a server that returns an empty page early ends the list too.
    if (resources.length === 0 || !Number.isFinite(total) || all.length >= total) break;
    startIndex += resources.length;
  }
  return all;
}

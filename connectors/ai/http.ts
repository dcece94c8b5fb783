// The providers' admin REST APIs read with plain requests. Neither vendor
// SDK is used: OpenAI's Node SDK has no organization (admin) endpoints, and
// both APIs are the same few cursor-paged GETs, so one small client serves
// both: `after` (OpenAI) or `after_id` (Anthropic) from the previous page's
// `last_id` while `has_more`; at most `concurrency` requests in flight per
// organization (p-limit); 429 and 5xx retried, waiting as `retry-after`
// asks (else backing off). The admin key is a header only: no URL, log line
// or error message carries it, and an error never quotes a response body.
import pLimit from 'p-limit';
import { SourceError } from '../../src/util/errors.js';
import { append } from '../../src/util/arrays.js';

const MAX_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date); null when neither says. */
export function retryWaitMs(headers: Headers, nowMs = Date.now()): number | null {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Number(ms), MAX_WAIT_MS);
  const s = headers.get('retry-after')?.trim();
  if (!s) return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.min(Number(s) * 1000, MAX_WAIT_MS);
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.min(Math.max(at - nowMs, 0), MAX_WAIT_MS);
}

export interface AdminApiOptions {
  /** `OpenAI` or `Anthropic`: how errors name the API. */
  label: string;
  baseUrl: string;
  /** The auth and version headers. */
  headers: Record<string, string>;
  /** The query parameter that takes the previous page's `last_id`. */
  cursorParam: 'after' | 'after_id';
  pageSize: number;
  concurrency: number;
  maxRetries: number;
  /** First back-off when the provider names no wait (doubles each retry). */
  backoffMs?: number;
}

export class AdminApi {
  requests = 0;
  private readonly limit;
  constructor(readonly o: AdminApiOptions) {
    this.limit = pLimit(o.concurrency);
  }

  /** Every item of a list endpoint, all pages, in order. `path` is the API path (`/v1/organization/users`). */
  async listAll(path: string, query: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 1; ; page++) {
      const url = new URL(this.o.baseUrl.replace(/\/+$/, '') + path);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      url.searchParams.set('limit', String(this.o.pageSize));
      if (cursor) url.searchParams.set(this.o.cursorParam, cursor);
      const what = `${this.o.label} GET ${path} (page ${page})`;
      const body = await this.limit(() => this.getJson(url, what));
      const data = body.data;
      if (!Array.isArray(data)) throw new SourceError('ai', 'the response is not a list (no `data` array)', { api: what });
      append(items, data.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)));
      if (body.has_more !== true || data.length === 0) return items;
      const last = typeof body.last_id === 'string' && body.last_id ? body.last_id : null;
      // A page that says there is more but gives no new cursor would be asked for forever.
      if (!last || seen.has(last)) throw new SourceError('ai', 'has_more is true but last_id gives no new cursor', { api: what });
      seen.add(last);
      cursor = last;
    }
  }

  private async getJson(url: URL, what: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      let res: Response;
      try {
        res = await fetch(url, { headers: { ...this.o.headers, accept: 'application/json' } });
      } catch (e) {
        if (attempt < this.o.maxRetries) {
          await sleep(this.backoff(attempt));
          continue;
        }
        const code = (e as { cause?: { code?: unknown } }).cause?.code;
        throw new SourceError('ai', `no answer${typeof code === 'string' ? ` (${code})` : ''}`, { api: what });
      }
      if ((res.status === 429 || res.status >= 500) && attempt < this.o.maxRetries) {
        const wait = retryWaitMs(res.headers) ?? this.backoff(attempt);
        await res.body?.cancel();
        await sleep(wait);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new SourceError('ai', refusal(res.status), { api: what, status: res.status });
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new SourceError('ai', 'the response is not JSON', { api: what, status: res.status });
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new SourceError('ai', 'the response is not a JSON object', { api: what, status: res.status });
      }
      return body as Record<string, unknown>;
    }
  }

  private backoff(attempt: number): number {
    return Math.min((this.o.backoffMs ?? 500) * 2 ** attempt, MAX_WAIT_MS);
  }
}

function refusal(status: number): string {
  if (status === 401) return 'the admin API key was refused (is it an admin key, and is it current?)';
  if (status === 403) return 'the admin API key may not read this (it needs read access to the organization)';
  if (status === 404) return 'not found (is the base URL right?)';
  if (status === 429) return 'still rate limited after retries';
  return 'request failed';
}

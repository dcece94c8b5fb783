// Plain HTTP for the sinks without an SDK (Jira Cloud, webhooks): JSON in and
// out, Retry-After honoured on 429 and 503, a few retries with back-off on
// other 5xx and network errors. Failures are SinkCallErrors naming the call;
// a response body is never quoted (it may echo what was sent).
import type { SinkName } from './config.js';
import { SinkCallError } from './sink.js';

export interface HttpOptions {
  retries?: number;
  /** First back-off in ms (doubles each time) when the server gives no Retry-After. */
  backoffMs?: number;
  /** Longest wait the server may ask for, in seconds. */
  maxRetryAfterSeconds?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(header: string | null, max: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, max) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - Date.now()), max * 1000);
}

export async function httpCall(
  sink: SinkName,
  method: string,
  url: string,
  init: { headers?: Record<string, string>; body?: string },
  opts: HttpOptions = {},
): Promise<{ status: number; text: string; json: unknown }> {
  const retries = opts.retries ?? 3;
  const backoff = opts.backoffMs ?? 500;
  const call = `${method} ${new URL(url).pathname}`;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      if (attempt < retries) {
        await sleep(backoff * 2 ** attempt);
        continue;
      }
      throw new SinkCallError(sink, call, null, (e as Error).name === 'TimeoutError' ? 'timed out' : 'no connection');
    }
    const text = await res.text();
    if (res.ok) {
      let json: unknown = null;
      if (text && (res.headers.get('content-type') ?? '').includes('json')) {
        try {
          json = JSON.parse(text);
        } catch {
          throw new SinkCallError(sink, call, res.status, 'the response is not valid JSON');
        }
      }
      return { status: res.status, text, json };
    }
    const retryable = res.status === 429 || res.status >= 500;
    if (retryable && attempt < retries) {
      const wait = retryAfterMs(res.headers.get('retry-after'), opts.maxRetryAfterSeconds ?? 60) ?? backoff * 2 ** attempt;
      await sleep(wait);
      continue;
    }
    throw new SinkCallError(sink, call, res.status);
  }
}

/** A provider timestamp (ISO 8601 with Z or an offset, with or without colon) as toISOString, or null. */
export function providerInstant(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:?\d\d)$/.exec(v);
  if (!m) return null;
  const offset = m[2] === 'Z' ? 'Z' : `${m[2]!.slice(0, 3)}:${m[2]!.slice(-2)}`;
  const ms = Date.parse(m[1] + offset);
  if (Number.isNaN(ms)) return null;
  // Reject dates the calendar lacks (Date.parse rolls 2026-02-30 over).
  const [y, mo, d] = m[1]!.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  if (day.getUTCMonth() !== mo! - 1 || day.getUTCDate() !== d) return null;
  return new Date(ms).toISOString();
}

// A small Vault HTTP API client over Node's fetch, for collection (read
// only) and for revocation actions. Why not node-vault: it has no call for
// most of the paths read here (entity, accessor and secret-ID-accessor
// lookups, KV metadata), so every call would go through its generic request
// anyway, and it brings a request library along; Vault's HTTP API is plain
// JSON with `{"data": ...}` envelopes, and LIST is `GET ?list=true`.
//
// Requests are spaced to `requestsPerSecond` and at most `concurrency` are
// in flight; 429 (a rate-limit quota), 412 (a replica not yet caught up),
// 5xx and network errors are retried with back-off, `Retry-After` honoured.
// The token goes in the X-Vault-Token header only. Vault's error text is
// kept short and scrubbed: it can echo what a request carried.
import { SourceError } from '../../src/util/errors.js';
import { redactText } from '../../src/util/redact.js';
import { scrubText } from './metadata.js';

export interface VaultTarget {
  address: string;
  token: string;
  namespace?: string | undefined;
}

export interface ClientOptions {
  requestsPerSecond?: number;
  concurrency?: number;
  retries?: number;
  /** Back-off base (ms) between retries without Retry-After; tests make it small. */
  backoffMs?: number;
}

export interface VaultAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

const MAX_WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `Retry-After`: seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.min(Number(s) * 1000, MAX_WAIT_MS);
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.min(Math.max(at - nowMs, 0), MAX_WAIT_MS);
}

/** Vault's `errors` list as one short line, with anything token- or secret-shaped replaced. */
export function vaultErrorText(body: Record<string, unknown> | null, token: string): string {
  const errors = Array.isArray(body?.errors) ? body!.errors.filter((e): e is string => typeof e === 'string') : [];
  const text = errors.join('; ').replace(/\s+/g, ' ').trim();
  if (!text) return '';
  const scrubbed = redactText(scrubText(token ? text.split(token).join('[redacted]') : text)!);
  // Quoted parts are whatever the request carried: an id at best, a secret at worst.
  return scrubbed.replace(/"[^"]*"|'[^']*'/g, '[redacted]').slice(0, 200);
}

export class VaultClient {
  requests = 0;
  private readonly interval: number;
  private nextSlot = 0;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(
    private readonly target: VaultTarget,
    options: ClientOptions = {},
  ) {
    this.interval = 1000 / (options.requestsPerSecond ?? 50);
    this.concurrency = options.concurrency ?? 8;
    this.retries = options.retries ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
  }

  private async acquire(): Promise<void> {
    if (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.interval;
    if (at > now) await sleep(at - now);
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  /**
   * One call. 404 is returned (the caller decides: an empty LIST, a thing
   * already gone); other failures throw a SourceError naming the call.
   */
  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, what = `${method} /v1/${path}`): Promise<VaultAnswer> {
    const url = `${this.target.address.replace(/\/+$/, '')}/v1/${path}`;
    for (let attempt = 0; ; attempt++) {
      await this.acquire();
      let res: Response;
      try {
        this.requests++;
        res = await fetch(url, {
          method,
          headers: {
            'X-Vault-Token': this.target.token,
            'X-Vault-Request': 'true',
            ...(this.target.namespace ? { 'X-Vault-Namespace': this.target.namespace } : {}),
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        this.release();
        if (attempt < this.retries) {
          await sleep(this.backoffMs * 2 ** attempt);
          continue;
        }
        const code = (e as { cause?: { code?: string } }).cause?.code ?? 'network error';
        throw new SourceError('vault', `no answer from the cluster (${code})`, { api: what });
      }
      let text: string;
      try {
        text = await res.text();
      } finally {
        this.release();
      }
      if ((res.status === 429 || res.status === 412 || res.status >= 500) && attempt < this.retries) {
        await sleep(retryAfterMs(res.headers.get('retry-after')) ?? this.backoffMs * 2 ** attempt);
        continue;
      }
      let json: Record<string, unknown> | null = null;
      try {
        const v = text ? (JSON.parse(text) as unknown) : null;
        json = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        json = null;
      }
      if (res.ok || res.status === 404) return { status: res.status, body: json };
      const detail = vaultErrorText(json, this.target.token);
      if (res.status === 403) {
        throw new SourceError('vault', `permission denied: the token's policy does not allow this path${detail ? ` (${detail})` : ''}`, { api: what, status: 403 });
      }
      throw new SourceError('vault', detail || 'request failed', { api: what, status: res.status });
    }
  }

  /** `data` of a GET; null on 404. */
  async read(path: string): Promise<Record<string, unknown> | null> {
    const r = await this.call('GET', path);
    if (r.status === 404) return null;
    return dataOf(r, `GET /v1/${path}`);
  }

  /** The keys of a LIST (`GET ?list=true`); [] on 404, which is how Vault answers an empty list. */
  async list(path: string): Promise<string[]> {
    const what = `LIST /v1/${path}`;
    const r = await this.call('GET', `${path}?list=true`, undefined, what);
    if (r.status === 404) return [];
    const keys = dataOf(r, what).keys;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new SourceError('vault', 'the answer has no list of keys', { api: what, status: r.status });
    return keys as string[];
  }

  /** `data` of a POST (a lookup); null on 404. */
  async post(path: string, body: unknown): Promise<Record<string, unknown> | null> {
    const r = await this.call('POST', path, body);
    if (r.status === 404) return null;
    return dataOf(r, `POST /v1/${path}`);
  }
}

function dataOf(r: VaultAnswer, what: string): Record<string, unknown> {
  const data = r.body?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new SourceError('vault', 'the answer has no `data` object', { api: what, status: r.status });
  return data as Record<string, unknown>;
}

/** Run `f` over `items` with at most `limit` at once (the client spaces the requests). */
export async function forEachLimited<T>(items: readonly T[], limit: number, f: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    // After one call fails, the others finish what they hold and take no more.
    while (!stopped && next < items.length) {
      const i = next++;
      try {
        await f(items[i]!, i);
      } catch (e) {
        stopped = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

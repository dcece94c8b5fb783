// A local server on 127.0.0.1 speaking Okta's System Log API: GET
// /api/v1/logs with since/until/limit/sortOrder/filter (eventType eq "..."
// joined by or), an opaque `after` cursor in `Link: <...>; rel="next"` (sent
// on every page, as Okta does), X-Rate-Limit-* headers, a 429 with reset on
// demand, and an SSWS token (401 otherwise).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OktaServerOptions {
  token: string;
  events: Record<string, unknown>[];
  /** Largest page served whatever `limit` asks. */
  maxPage?: number;
  /** Answer this many requests with 429 first. */
  throttle?: number;
  /** X-Rate-Limit-Remaining counts down from this per window. */
  rateLimit?: number;
}

export interface OktaServer {
  url: string;
  /** Every request's query (since, until, after) or `429` / `401`. */
  log: string[];
  events: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startOktaServer(opts: OktaServerOptions): Promise<OktaServer> {
  const log: string[] = [];
  let throttled = 0;
  let remaining = opts.rateLimit ?? 600;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    const limitHeaders = () => ({
      'X-Rate-Limit-Limit': String(opts.rateLimit ?? 600),
      'X-Rate-Limit-Remaining': String(Math.max(remaining, 0)),
      'X-Rate-Limit-Reset': reset,
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/api/v1/logs') return send(404, { errorCode: 'E0000022', errorSummary: 'Not found' });
    if (req.headers.authorization !== `SSWS ${opts.token}`) {
      log.push('401');
      return send(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    }
    if (throttled < (opts.throttle ?? 0)) {
      throttled++;
      log.push('429');
      remaining = 0;
      return send(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, limitHeaders());
    }
    remaining = remaining <= 0 ? (opts.rateLimit ?? 600) - 1 : remaining - 1;
    const since = url.searchParams.get('since');
    const until = url.searchParams.get('until');
    const after = Number(url.searchParams.get('after') ?? '0');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? '100'), opts.maxPage ?? 1000);
    const types = [...(url.searchParams.get('filter') ?? '').matchAll(/eventType eq "([^"]+)"/g)].map((m) => m[1]!);
    log.push(`since=${since} until=${until} after=${after}`);
    const matching = opts.events
      .filter((e) => (!since || String(e.published) >= since) && (!until || String(e.published) < until))
      .filter((e) => !types.length || types.includes(String(e.eventType)))
      .sort((a, b) => String(a.published).localeCompare(String(b.published)));
    const page = matching.slice(after, after + limit);
    const next = new URL(url.toString());
    next.searchParams.set('after', String(after + page.length));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    send(200, page, {
      ...limitHeaders(),
      Link: `<${base}${url.pathname}${url.search}>; rel="self", <${base}${next.pathname}${next.search}>; rel="next"`,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, log, events: opts.events, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// A local server on 127.0.0.1 speaking SCIM 2.0 (RFC 7644) for several apps,
// each under /<app>/scim/v2: GET /Users and /Groups with startIndex/count
// paging (capped at `maxPage`, fewer than asked, as real servers do), a
// bearer token per app (401 otherwise), and 429 with Retry-After on demand.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScimServerApp {
  token: string;
  users: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  /** Largest page served whatever `count` asks. */
  maxPage?: number;
  /** Answer this many requests with 429 first. */
  throttle?: number;
  /** Retry-After value sent with a 429. */
  retryAfter?: string;
}

export interface ScimServer {
  url: string;
  /** Base URL of one app: `${url}/<app>/scim/v2`. */
  base(app: string): string;
  /** Every request: `<app> <resource> startIndex=<n> count=<n>` or `<app> 429` / `<app> 401`. */
  log: string[];
  /** Authorization headers seen, to check the token went only there. */
  close(): Promise<void>;
}

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export async function startScimServer(apps: Record<string, ScimServerApp>): Promise<ScimServer> {
  const log: string[] = [];
  const throttled = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/([^/]+)\/scim\/v2\/(Users|Groups)$/.exec(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/scim+json', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, detail: string) =>
      send(status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
    const app = m ? apps[m[1]!] : undefined;
    if (!m || !app) return error(404, 'no such resource');
    if (req.headers.authorization !== `Bearer ${app.token}`) {
      log.push(`${m[1]} 401`);
      return error(401, 'Authorization failure');
    }
    const seen = throttled.get(m[1]!) ?? 0;
    if (seen < (app.throttle ?? 0)) {
      throttled.set(m[1]!, seen + 1);
      log.push(`${m[1]} 429`);
      res.writeHead(429, { 'Retry-After': app.retryAfter ?? '1', 'Content-Type': 'application/scim+json' });
      return res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Too many requests' }));
    }
    const all = m[2] === 'Users' ? app.users : app.groups;
    const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? '1'));
    const count = Math.max(0, Number(url.searchParams.get('count') ?? '100'));
    log.push(`${m[1]} ${m[2]} startIndex=${startIndex} count=${count}`);
    const page = all.slice(startIndex - 1, startIndex - 1 + Math.min(count, app.maxPage ?? count));
    send(200, { schemas: [LIST], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    base: (app) => `${url}/${app}/scim/v2`,
    log,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

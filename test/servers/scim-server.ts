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
  /** Answer writes (PATCH) matching `PATCH /<app>/scim/v2/Users/<id>` with this status, `times` times. */
  writeFaults?: { match: RegExp; status: number; times: number }[];
}

export interface ScimServer {
  url: string;
  /** Base URL of one app: `${url}/<app>/scim/v2`. */
  base(app: string): string;
  /** Every request: `<app> <resource> startIndex=<n> count=<n>` or `<app> 429` / `<app> 401`. */
  log: string[];
  /** Every write (PATCH) that changed something: `<app> PATCH Users/<id> active=false`. */
  writes: string[];
  /** Called for every request to one resource, before it is served (`before`) and after a PATCH is applied, before the answer (`after`). */
  onRequest?: (phase: 'before' | 'after', line: string) => void;
  /** Authorization headers seen, to check the token went only there. */
  close(): Promise<void>;
}

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export async function startScimServer(apps: Record<string, ScimServerApp>): Promise<ScimServer> {
  const log: string[] = [];
  const throttled = new Map<string, number>();
  const writes: string[] = [];
  // The server object, filled in once listening; its onRequest hook is read per request.
  const handle = {} as ScimServer;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString('utf8')));
      req.on('end', () => resolve(text));
    });
    const m = /^\/([^/]+)\/scim\/v2\/(Users|Groups)(?:\/([^/]+))?$/.exec(url.pathname);
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
    if (m[3] !== undefined || req.method !== 'GET') {
      const one = m[3] === undefined ? undefined : all.find((r) => r.id === decodeURIComponent(m[3]!));
      const line = `${m[1]} ${req.method} ${m[2]}/${m[3] ?? ''}`;
      log.push(line);
      handle.onRequest?.('before', line);
      const fault = app.writeFaults?.find((f) => f.times > 0 && req.method !== 'GET' && f.match.test(`${req.method} ${url.pathname}`));
      if (fault) {
        fault.times--;
        return error(fault.status, 'injected fault');
      }
      if (!one) return error(404, `Resource ${m[3] ?? ''} not found`);
      if (req.method === 'GET') return send(200, one);
      if (req.method !== 'PATCH') return error(405, 'method not allowed');
      const patch = JSON.parse(body || '{}') as { schemas?: string[]; Operations?: { op: string; path?: string; value?: unknown }[] };
      if (!patch.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:PatchOp') || !Array.isArray(patch.Operations)) return error(400, 'invalidSyntax');
      for (const op of patch.Operations) {
        const kind = op.op.toLowerCase();
        const memberFilter = /^members\[value eq "([^"]*)"\]$/.exec(op.path ?? '');
        const members = () => ((one.members ??= []) as { value: string }[]);
        if (kind === 'replace' && op.path === 'active' && typeof op.value === 'boolean') one.active = op.value;
        else if (kind === 'remove' && memberFilter) one.members = members().filter((x) => x.value !== memberFilter[1]);
        else if (kind === 'add' && op.path === 'members' && Array.isArray(op.value)) {
          for (const v of op.value as { value: string }[]) if (!members().some((x) => x.value === v.value)) members().push({ value: v.value });
        } else return error(400, `invalidPath: ${op.op} ${op.path ?? ''}`);
        writes.push(`${m[1]} PATCH ${m[2]}/${one.id} ${kind} ${op.path}${op.value !== undefined ? `=${JSON.stringify(op.value)}` : ''}`);
      }
      handle.onRequest?.('after', line);
      return send(200, one);
    }
    const filter = /^(userName|displayName) eq "((?:[^"\\]|\\.)*)"$/.exec(url.searchParams.get('filter') ?? '');
    if (filter) {
      const hits = all.filter((r) => r[filter[1]!] === filter[2]!.replace(/\\(.)/g, '$1'));
      log.push(`${m[1]} ${m[2]} filter`);
      return send(200, { schemas: [LIST], totalResults: hits.length, startIndex: 1, itemsPerPage: hits.length, Resources: hits });
    }
    const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? '1'));
    const count = Math.max(0, Number(url.searchParams.get('count') ?? '100'));
    log.push(`${m[1]} ${m[2]} startIndex=${startIndex} count=${count}`);
    const page = all.slice(startIndex - 1, startIndex - 1 + Math.min(count, app.maxPage ?? count));
    send(200, { schemas: [LIST], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(handle, {
    url,
    base: (app: string) => `${url}/${app}/scim/v2`,
    log,
    writes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

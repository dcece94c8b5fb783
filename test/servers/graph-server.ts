// A local HTTPS server on 127.0.0.1 speaking Microsoft identity and Microsoft
// Graph as the SDKs use them: OpenID metadata and the v2.0 token endpoint
// (client secret, certificate assertion, federated token), and Graph v1.0/beta
// lists with `$select`, `$top`, `@odata.nextLink` paging, `$expand` served as
// stored, JSON `$batch` (20 GETs), 429/503 with Retry-After on demand (outside
// and inside a batch), and per-tenant failures. HTTPS because the SDKs refuse
// to authenticate anything else; the test trusts its certificate through
// NODE_EXTRA_CA_CERTS in the child process that collects.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Item = Record<string, unknown>;

export interface GraphTenant {
  /** How the app proves itself: the client secret, or `assertion` (certificate or federated token). */
  secret?: string;
  federatedToken?: string;
  /** Collection path (`users`, `groups`, `applications/<id>/owners`, `beta/reports/...`) -> items. */
  lists: Record<string, Item[]>;
  /** Paths that always answer this status. */
  failing?: Record<string, number>;
}

export interface GraphServerOptions {
  key: string;
  cert: string;
  tenants: Record<string, GraphTenant>;
  /** Largest page served whatever `$top` asks. */
  maxPage: number;
  /** Path -> how many times to answer 429 (Retry-After: 0) before serving it. */
  throttle?: Record<string, number>;
  /** Path -> how many times to answer 503 (Retry-After: 0). */
  unavailable?: Record<string, number>;
  /** Path -> how many times a sub-request in a $batch answers 429. */
  throttleInBatch?: Record<string, number>;
}

export interface GraphServer {
  url: string;
  /** `GET /v1.0/users?$select=...` per HTTP call; `POST /$batch (n)`; `token <tenant> <grant>`. */
  log: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body));
  });
}

export async function startGraphServer(opts: GraphServerOptions): Promise<GraphServer> {
  const log: string[] = [];
  const throttle = { ...opts.throttle };
  const unavailable = { ...opts.unavailable };
  const throttleInBatch = { ...opts.throttleInBatch };
  let base = '';

  /** One GET (top level or inside a batch): status, body, headers. */
  function get(tenant: GraphTenant, version: string, pathAndQuery: string): { status: number; body: unknown; headers?: Record<string, string> } {
    const url = new URL(pathAndQuery, 'https://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const key = version === 'beta' ? `beta/${path}` : path;
    if (tenant.failing?.[key]) return { status: tenant.failing[key]!, body: { error: { code: 'serviceError', message: 'failing on purpose' } } };
    const items = tenant.lists[key];
    if (!items) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `no ${key}` } } };
    const select = url.searchParams.get('$select')?.split(',');
    const top = Math.min(Number(url.searchParams.get('$top') ?? 100), opts.maxPage);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const page = items.slice(skip, skip + top).map((i) => {
      if (!select) return i;
      const out: Item = {};
      for (const k of Object.keys(i)) if (select.includes(k) || k.startsWith('@odata.') || (k === 'roleDefinition' && url.searchParams.has('$expand'))) out[k] = i[k];
      return out;
    });
    const body: Item = { '@odata.context': `${base}/${version}/$metadata#${path}`, value: page };
    if (skip + top < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = `${base}/${version}/${path}${next.search}`;
    }
    return { status: 200, body };
  }

  const server = createServer({ key: opts.key, cert: opts.cert }, async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    // Microsoft identity: metadata, then tokens.
    const meta = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (meta) {
      const t = meta[1];
      return send(200, {
        issuer: `${base}/${t}/v2.0`,
        authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
        jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
        end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
        response_types_supported: ['code'],
      });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') {
      const tenantId = token[1]!;
      const form = new URLSearchParams(body);
      const tenant = opts.tenants[tenantId];
      const grant = form.get('client_secret') ? 'secret' : form.get('client_assertion') ? 'assertion' : 'none';
      log.push(`token ${tenantId} ${grant}`);
      const ok =
        tenant &&
        ((tenant.secret && form.get('client_secret') === tenant.secret) ||
          (tenant.federatedToken && form.get('client_assertion') === tenant.federatedToken) ||
          (!tenant.secret && !tenant.federatedToken && grant === 'assertion' && (form.get('client_assertion') ?? '').split('.').length === 3));
      if (!ok) return send(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      return send(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: `token-for-${tenantId}` });
    }
    // Graph.
    const m = /^\/(v1\.0|beta)\/(.*)$/.exec(url.pathname);
    const tenantId = /^Bearer token-for-(.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tenant = tenantId ? opts.tenants[tenantId] : undefined;
    if (!m) return send(404, { error: { code: 'NotFound' } });
    if (!tenant) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const [, version, rest] = m;
    if (req.method === 'POST' && rest === '$batch') {
      const requests = (JSON.parse(body) as { requests: { id: string; method: string; url: string }[] }).requests;
      log.push(`POST /${version}/$batch (${requests.length})`);
      if (requests.length > 20) return send(400, { error: { code: 'BadRequest', message: 'more than 20 requests' } });
      const responses = requests.map((r) => {
        const path = new URL(r.url, 'https://x').pathname.replace(/^\/+/, '');
        if (throttleInBatch[path]) {
          throttleInBatch[path]!--;
          return { id: r.id, status: 429, headers: { 'Retry-After': '0' }, body: { error: { code: 'TooManyRequests' } } };
        }
        const out = get(tenant, version!, r.url);
        return { id: r.id, status: out.status, headers: { 'Content-Type': 'application/json' }, body: out.body };
      });
      return send(200, { responses });
    }
    log.push(`GET /${version}/${rest}${url.search}`);
    const key = version === 'beta' ? `beta/${rest}` : rest!;
    if (throttle[key]) {
      throttle[key]!--;
      return send(429, { error: { code: 'TooManyRequests', message: 'throttled' } }, { 'Retry-After': '0' });
    }
    if (unavailable[key]) {
      unavailable[key]!--;
      return send(503, { error: { code: 'ServiceUnavailable', message: 'try later' } }, { 'Retry-After': '0' });
    }
    const out = get(tenant, version!, `/${rest}${url.search}`);
    return send(out.status, out.body, out.headers);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

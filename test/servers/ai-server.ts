// A local server on 127.0.0.1 speaking the OpenAI and Anthropic admin APIs'
// list endpoints as their references show them: OpenAI
// `/v1/organization/{users,admin_api_keys,projects}` and each project's
// `api_keys` and `service_accounts`, paged with `limit`/`after`, answering
// `{object: "list", data, first_id, last_id, has_more}` to
// `Authorization: Bearer <admin key>`; Anthropic
// `/v1/organizations/{users,api_keys,workspaces}` and each workspace's
// `members`, paged with `limit`/`after_id`, answering
// `{data, has_more, first_id, last_id}` to `x-api-key` with an
// `anthropic-version` header. An unknown key gets a 401 whose body echoes it,
// as OpenAI's does. 429s (with `retry-after`) and 500s on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Item = Record<string, unknown>;

export interface OpenAiOrgData {
  users: Item[];
  adminKeys: Item[];
  projects: Item[];
  projectKeys: Record<string, Item[]>;
  serviceAccounts: Record<string, Item[]>;
}

export interface AnthropicOrgData {
  users: Item[];
  apiKeys: Item[];
  workspaces: Item[];
  members: Record<string, Item[]>;
}

export interface AiServerOptions {
  /** Admin key -> the organization it reads. */
  openai?: Record<string, OpenAiOrgData>;
  anthropic?: Record<string, AnthropicOrgData>;
  /** Largest page served, whatever `limit` asks (default 100). */
  maxPage?: number;
  /** Paths (without query) answered with 429 and `retry-after: 0` the first time they are asked. */
  throttleOnce?: string[];
  /** Paths answered with 500 the first time they are asked. */
  failOnce?: string[];
  /** Paths whose pages say `has_more: true` with no `last_id`. */
  brokenCursor?: string[];
}

export interface AiServer {
  url: string;
  /** Every change made: `DELETE <path>` or `POST <path> <body>`. */
  writes: string[];
  /** Every request: `<status> <path>?<query>`. */
  log: string[];
  close(): Promise<void>;
}

function page(items: Item[], idField: string, limit: number, cursor: string | null): { data: Item[]; has_more: boolean; first_id: string | null; last_id: string | null } {
  const start = cursor === null ? 0 : items.findIndex((i) => i[idField] === cursor) + 1;
  const data = items.slice(start, start + limit);
  return {
    data,
    has_more: start + limit < items.length,
    first_id: data.length ? String(data[0]![idField]) : null,
    last_id: data.length ? String(data.at(-1)![idField]) : null,
  };
}

/**
 * One object's own path (a user, a key): what GET answers, and how DELETE or
 * POST (Anthropic's key update) change it; null for list paths. Auth as for lists.
 */
function oneObject(o: AiServerOptions, req: IncomingMessage, path: string, openai: boolean): { status: number; body: Item; remove?: () => void; update?: (p: Item) => void } | null {
  const inList = (list: Item[] | undefined, id: string) => {
    const at = list ? list.findIndex((x) => x.id === id) : -1;
    return at < 0 ? { status: 404, body: { error: { message: 'not found' } } } : { status: 200, body: list![at]!, remove: () => list!.splice(at, 1), update: (p: Item) => Object.assign(list![at]!, p) };
  };
  if (openai) {
    const m = /^\/v1\/organization\/(?:users\/([^/]+)|admin_api_keys\/([^/]+)|projects\/([^/]+)\/api_keys\/([^/]+))$/.exec(path);
    if (!m) return null;
    const org = o.openai?.[/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''];
    if (!org) return { status: 401, body: { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? ''}` } } };
    const d = (x: string) => decodeURIComponent(x);
    const r = m[1] ? inList(org.users, d(m[1])) : m[2] ? inList(org.adminKeys, d(m[2])) : inList(org.projectKeys[d(m[3]!)], d(m[4]!));
    return { ...r, update: undefined };
  }
  const m = /^\/v1\/organizations\/(?:users\/([^/]+)|api_keys\/([^/]+))$/.exec(path);
  if (!m) return null;
  const org = o.anthropic?.[String(req.headers['x-api-key'] ?? '')];
  if (!org || !req.headers['anthropic-version']) return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${String(req.headers['x-api-key'] ?? '')}` } } };
  if (m[1]) return { ...inList(org.users, decodeURIComponent(m[1])), update: undefined };
  // Anthropic keys are updated (POST), never deleted through the API.
  return { ...inList(org.apiKeys, decodeURIComponent(m[2]!)), remove: undefined };
}

export async function startAiServer(o: AiServerOptions): Promise<AiServer> {
  const log: string[] = [];
  const writes: string[] = [];
  const asked = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const n = (asked.get(path) ?? 0) + 1;
    asked.set(path, n);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push(`${status} ${path}${url.search}`);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const openai = path.startsWith('/v1/organization/');
    const one = oneObject(o, req, path, openai);
    if (one) {
      if (one.status !== 200 || req.method === 'GET') return send(one.status, one.body);
      if (req.method === 'DELETE' && one.remove) {
        one.remove();
        writes.push(`DELETE ${path}`);
        return send(200, { object: 'deleted', id: one.body.id, deleted: true });
      }
      if (req.method === 'POST' && one.update) {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const patch = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Item;
          one.update!(patch);
          writes.push(`POST ${path} ${JSON.stringify(patch)}`);
          send(200, one.body);
        });
        return;
      }
      return send(405, { error: { message: 'method not allowed' } });
    }
    if (req.method !== 'GET') return send(405, { error: { message: 'method not allowed' } });
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), o.maxPage ?? 100);
    let items: Item[] | undefined;
    let idField = 'id';
    if (openai) {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const org = o.openai?.[auth];
      if (!org) {
        return send(401, { error: { message: `Incorrect API key provided: ${auth}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
      }
      const m = /^\/v1\/organization\/(?:(users|admin_api_keys|projects)|projects\/([^/]+)\/(api_keys|service_accounts))$/.exec(path);
      if (m?.[1] === 'users') items = org.users;
      else if (m?.[1] === 'admin_api_keys') items = org.adminKeys;
      else if (m?.[1] === 'projects') items = org.projects;
      else if (m?.[3]) {
        const project = decodeURIComponent(m[2]!);
        // A project that exists and holds none answers an empty list; an unknown one is a 404.
        if (org.projects.some((p) => p.id === project)) items = (m[3] === 'api_keys' ? org.projectKeys : org.serviceAccounts)[project] ?? [];
      }
    } else if (path.startsWith('/v1/organizations/')) {
      const key = String(req.headers['x-api-key'] ?? '');
      if (!req.headers['anthropic-version']) return send(400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
      const org = o.anthropic?.[key];
      if (!org) return send(401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } });
      const m = /^\/v1\/organizations\/(?:(users|api_keys|workspaces)|workspaces\/([^/]+)\/members)$/.exec(path);
      if (m?.[1] === 'users') items = org.users;
      else if (m?.[1] === 'api_keys') items = org.apiKeys;
      else if (m?.[1] === 'workspaces') items = org.workspaces;
      else if (m?.[2]) {
        const workspace = decodeURIComponent(m[2]);
        if (org.workspaces.some((w) => w.id === workspace)) items = org.members[workspace] ?? [];
        idField = 'user_id';
      }
    }
    if (!items) return send(404, { error: { message: 'not found' } });
    if (n === 1 && o.throttleOnce?.includes(path)) return send(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '0' });
    if (n === 1 && o.failOnce?.includes(path)) return send(500, { error: { message: 'The server had an error' } });
    const cursor = url.searchParams.get(openai ? 'after' : 'after_id');
    const p = page(items, idField, limit, cursor);
    if (o.brokenCursor?.includes(path)) {
      p.has_more = true;
      p.last_id = null;
    }
    return send(200, openai ? { object: 'list', ...p } : p);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    writes,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

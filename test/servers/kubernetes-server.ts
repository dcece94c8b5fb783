// A local server on 127.0.0.1 speaking the Kubernetes API's JSON for the
// calls the collector and the revocation make: cluster-wide lists of
// service accounts, secrets, roles, bindings and pods, paged with
// `limit`/`continue` (an opaque token in `metadata.continue`, as the API
// server gives), `fieldSelector=type=...` on secrets, the metadata-only
// answer (`Accept: application/json;as=PartialObjectMetadataList;...`) that
// leaves `data` and `type` out exactly as the API server does, a Status
// body with every error, 429 with Retry-After and a request left unanswered
// on demand, a bearer token
// (401 otherwise), and GET/DELETE of one secret with a uid precondition.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';

export type Obj = Record<string, any>;

export interface KubernetesServerOptions {
  token: string;
  /** Objects per list path (`/api/v1/serviceaccounts`, `/apis/rbac.authorization.k8s.io/v1/roles`, ...). */
  lists: Record<string, Obj[]>;
  /** Answer the first request of these paths with 429 (Retry-After: 0). */
  throttleOnce?: string[];
  /** Never answer the first request of these paths (the client's timeout must give up on it). */
  hangOnce?: string[];
  /** Answer these paths with 403 Forbidden. */
  forbidden?: string[];
  /** Largest page served whatever `limit` asks. */
  maxPage?: number;
}

export interface KubernetesServer {
  url: string;
  /** `METHOD path?query accept=<metadata|json>` per request, or `429 path`, `401`, `403 path`. */
  log: string[];
  lists: Record<string, Obj[]>;
  close(): Promise<void>;
}

const METADATA_ONLY = 'as=PartialObjectMetadataList';
const ONE_SECRET = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/;

function status(code: number, reason: string, message: string): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export async function startKubernetesServer(opts: KubernetesServerOptions): Promise<KubernetesServer> {
  const log: string[] = [];
  const throttled = new Set<string>();
  const hung = new Set<string>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      log.push('401');
      return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    const path = url.pathname;
    const metadataOnly = String(req.headers.accept ?? '').includes(METADATA_ONLY);
    log.push(`${req.method} ${path}${url.search} accept=${metadataOnly ? 'metadata' : 'json'}`);
    if (opts.forbidden?.includes(path)) {
      log.push(`403 ${path}`);
      return send(403, status(403, 'Forbidden', `forbidden: cannot list ${path}`));
    }
    if (opts.hangOnce?.includes(path) && !hung.has(path)) {
      hung.add(path);
      log.push(`hang ${path}`);
      return; // the socket stays open; the client's timeout ends it
    }
    if (opts.throttleOnce?.includes(path) && !throttled.has(path)) {
      throttled.add(path);
      log.push(`429 ${path}`);
      return send(429, status(429, 'TooManyRequests', 'too many requests'), { 'Retry-After': '0' });
    }
    const one = ONE_SECRET.exec(path);
    if (one) {
      const list = opts.lists['/api/v1/secrets'] ?? [];
      const at = list.findIndex((s) => s.metadata.namespace === one[1] && s.metadata.name === one[2]);
      if (at < 0) return send(404, status(404, 'NotFound', 'secrets not found'));
      const secret = list[at]!;
      if (req.method === 'GET') return send(200, metadataOnly ? partial(secret) : secret);
      if (req.method === 'DELETE') {
        const body = JSON.parse((await readBody(req)) || '{}');
        const uid = body?.preconditions?.uid;
        if (uid !== undefined && uid !== secret.metadata.uid) return send(409, status(409, 'Conflict', 'Precondition failed: UID in precondition does not match'));
        list.splice(at, 1);
        return send(200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: one[2], kind: 'secrets' } });
      }
    }
    const items = opts.lists[path];
    if (!items || req.method !== 'GET') return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    let matching = items;
    const selector = url.searchParams.get('fieldSelector');
    if (selector) {
      const m = /^type=(.+)$/.exec(selector);
      if (!m) return send(400, status(400, 'BadRequest', 'field label not supported'));
      matching = items.filter((i) => i.type === m[1]);
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? matching.length) || matching.length, opts.maxPage ?? Infinity);
    const start = url.searchParams.get('continue') ? Number(Buffer.from(url.searchParams.get('continue')!, 'base64url').toString()) : 0;
    const page = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    const kind = metadataOnly ? 'PartialObjectMetadataList' : 'List';
    send(200, {
      kind,
      apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1',
      metadata: { resourceVersion: '12345', ...(next ? { continue: next } : {}) },
      items: metadataOnly ? page.map(partial) : page,
    }, metadataOnly ? { 'Content-Type': 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' } : {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    lists: opts.lists,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the API server answers for a metadata-only request: the object's metadata, nothing else. */
function partial(o: Obj): Obj {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

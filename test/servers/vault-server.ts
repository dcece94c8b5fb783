// A local server on 127.0.0.1 speaking Vault's HTTP API as driftgraph uses
// it: `/v1/...` with X-Vault-Token, `{"data": ...}` envelopes (request_id,
// lease_id, renewable, warnings), LIST as `GET ?list=true` (404 for an
// empty list, as Vault answers), `{"errors": [...]}` on failure.
// Routes: sys/auth, sys/mounts, identity entities (read; update for
// `disabled`), token accessors (list, lookup-accessor, revoke-accessor),
// AppRoles (list, read, secret-id list, secret-id-accessor lookup and
// destroy), KV v2 metadata (list, read) and data (read, which driftgraph
// must never call). A policy limits the paths a token may use (403
// otherwise); 429 with Retry-After and 503 can be served on demand. With
// `echo`, every answer carries a planted secret in every field Vault can
// echo: a lookup's `id`, `auth.client_token`, `wrap_info.token`,
// `secret_id`, `warnings`, and error text.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';

type Json = Record<string, unknown>;

export interface VaultEstate {
  entities: Json[];
  /** Token lookups by accessor (the server adds the `id` it would blank). */
  tokens: Json[];
  /** mount -> role name -> role data. */
  approles: Record<string, Record<string, Json>>;
  /** `<mount>/<role>` -> secret ID lookups. */
  secretIds: Record<string, Json[]>;
  /** KV v2 mount -> path -> metadata data (and `data`, the value, which must never be read). */
  kv: Record<string, Record<string, { metadata: Json; data: Json }>>;
}

export interface VaultServerOptions {
  token: string;
  estate: VaultEstate;
  /** Path prefixes (after /v1/) this token may use; absent: all. */
  allow?: string[];
  /** Answer this many requests with 429 (Retry-After: 0) first. */
  throttle?: number;
  /** Answer this many requests with 503 after the throttling. */
  unavailable?: number;
  /** A secret planted in every field an answer can echo. */
  echo?: string;
  /** The X-Vault-Namespace every request must carry (Vault Enterprise). */
  namespace?: string;
}

export interface VaultServer {
  url: string;
  /** `METHOD path` of every request, `429`/`503`/`403` for refused ones. */
  log: string[];
  /** Request bodies seen (for checks that no secret was ever sent). */
  bodies: string[];
  estate: VaultEstate;
  close(): Promise<void>;
}

export async function startVaultServer(opts: VaultServerOptions): Promise<VaultServer> {
  const log: string[] = [];
  const bodies: string[] = [];
  let throttled = 0;
  let unavailable = 0;
  const e = opts.estate;
  const echo = opts.echo;
  // By accessor: a benchmark cluster holds 100,000 tokens, and a list scan per lookup would be the server's cost, not the client's.
  const tokenIndex = new Map(e.tokens.map((t) => [String(t.accessor), t]));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    bodies.push(body);
    const isList = url.searchParams.get('list') === 'true';
    const path = url.pathname.replace(/^\/v1\//, '').replace(/\/+$/, '');
    const send = (status: number, payload: Json) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '0' } : {}) });
      res.end(JSON.stringify(payload));
    };
    const fail = (status: number, message: string) => send(status, { errors: [echo ? `${message}: "${echo}"` : message] });
    const ok = (data: Json | null) =>
      send(200, {
        request_id: 'b6b3c2a0-0000-4000-8000-000000000000',
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        data,
        wrap_info: echo ? { token: echo, accessor: 'wrapacc', ttl: 60 } : null,
        warnings: echo ? [`warning about ${echo}`] : null,
        auth: echo ? { client_token: echo, accessor: 'x', policies: ['default'] } : null,
        mount_type: '',
      });
    const list = (keys: string[]) => (keys.length ? ok({ keys }) : send(404, { errors: [] }));
    log.push(`${isList ? 'LIST' : req.method} ${path}`);
    if (req.headers['x-vault-token'] !== opts.token) return fail(403, 'permission denied');
    if (opts.namespace !== undefined && req.headers['x-vault-namespace'] !== opts.namespace) return fail(403, 'permission denied (namespace)');
    if (throttled < (opts.throttle ?? 0)) {
      throttled++;
      log.push('429');
      return fail(429, 'request path "x": rate limit quota exceeded');
    }
    if (unavailable < (opts.unavailable ?? 0)) {
      unavailable++;
      log.push('503');
      return fail(503, 'Vault is sealed');
    }
    if (opts.allow && !opts.allow.some((p) => path === p || path.startsWith(`${p}/`))) {
      log.push('403');
      return fail(403, '1 error occurred: * permission denied');
    }
    const json = (): Json => (body ? (JSON.parse(body) as Json) : {});
    let m: RegExpExecArray | null;

    if (path === 'sys/auth' && !isList) {
      const mounts: Json = { 'token/': { type: 'token', options: null } };
      for (const mount of Object.keys(e.approles)) mounts[`${mount}/`] = { type: 'approle', options: null };
      return ok(mounts);
    }
    if (path === 'sys/mounts' && !isList) {
      const mounts: Json = { 'sys/': { type: 'system' }, 'kv1/': { type: 'kv', options: { version: '1' } } };
      for (const mount of Object.keys(e.kv)) mounts[`${mount}/`] = { type: 'kv', options: { version: '2' } };
      return ok(mounts);
    }
    if (path === 'identity/entity/id' && isList) return list(e.entities.map((x) => String(x.id)));
    if ((m = /^identity\/entity\/id\/([^/]+)$/.exec(path))) {
      const entity = e.entities.find((x) => x.id === decodeURIComponent(m![1]!));
      if (!entity) return send(404, { errors: [] });
      if (req.method === 'POST') {
        const b = json();
        if (typeof b.disabled === 'boolean') entity.disabled = b.disabled;
        return send(204, {});
      }
      return ok(echo ? { ...entity, metadata: { ...(entity.metadata as Json), secret: echo }, name: echo } : entity);
    }
    if (path === 'auth/token/accessors' && isList) return list(e.tokens.map((t) => String(t.accessor)));
    if (path === 'auth/token/lookup-accessor' && req.method === 'POST') {
      const t = tokenIndex.get(String(json().accessor));
      if (!t) return fail(400, 'invalid accessor');
      // Vault blanks `id` on an accessor lookup; an echoing server fills it.
      return ok({ ...t, id: echo ?? '', ...(echo ? { display_name: `token-${echo}`, meta: { ...(t.meta as Json), leaked: echo, owner: echo } } : {}) });
    }
    if (path === 'auth/token/revoke-accessor' && req.method === 'POST') {
      const i = e.tokens.findIndex((x) => x.accessor === json().accessor);
      if (i < 0) return fail(400, 'invalid accessor');
      tokenIndex.delete(String(e.tokens[i]!.accessor));
      e.tokens.splice(i, 1);
      return send(204, {});
    }
    if ((m = /^auth\/(.+)\/role$/.exec(path)) && isList) return list(Object.keys(e.approles[m[1]!] ?? {}));
    if ((m = /^auth\/(.+)\/role\/([^/]+)\/secret-id$/.exec(path)) && isList) {
      return list((e.secretIds[`${m[1]}/${decodeURIComponent(m[2]!)}`] ?? []).map((s) => String(s.secret_id_accessor)));
    }
    if ((m = /^auth\/(.+)\/role\/([^/]+)\/secret-id-accessor\/(lookup|destroy)$/.exec(path)) && req.method === 'POST') {
      const ids = e.secretIds[`${m[1]}/${decodeURIComponent(m[2]!)}`] ?? [];
      const i = ids.findIndex((s) => s.secret_id_accessor === json().secret_id_accessor);
      if (i < 0) return fail(400, 'failed to find accessor entry for secret_id_accessor');
      if (m[3] === 'destroy') {
        ids.splice(i, 1);
        return send(204, {});
      }
      return ok(echo ? { ...ids[i], secret_id: echo, metadata: { ...(ids[i]!.metadata as Json), owner: echo, token: echo } } : ids[i]!);
    }
    if ((m = /^auth\/(.+)\/role\/([^/]+)$/.exec(path)) && !isList) {
      const role = e.approles[m[1]!]?.[decodeURIComponent(m[2]!)];
      return role ? ok(echo ? { ...role, role_id: echo, secret_id: echo } : role) : send(404, { errors: [] });
    }
    for (const [mount, secrets] of Object.entries(e.kv)) {
      if (path === `${mount}/metadata` || path.startsWith(`${mount}/metadata/`)) {
        const rest = decodeURIComponent(path.slice(`${mount}/metadata`.length).replace(/^\//, ''));
        if (isList) {
          const prefix = rest ? `${rest}/` : '';
          const keys = new Set<string>();
          for (const p of Object.keys(secrets)) {
            if (!p.startsWith(prefix)) continue;
            const tail = p.slice(prefix.length);
            keys.add(tail.includes('/') ? `${tail.split('/')[0]}/` : tail);
          }
          return list([...keys].sort());
        }
        const s = secrets[rest];
        return s ? ok(echo ? { ...s.metadata, custom_metadata: { ...(s.metadata.custom_metadata as Json), owner: echo } } : s.metadata) : send(404, { errors: [] });
      }
      if (path.startsWith(`${mount}/data/`)) {
        const s = secrets[decodeURIComponent(path.slice(`${mount}/data/`.length))];
        return s ? ok({ data: s.data, metadata: {} }) : send(404, { errors: [] });
      }
    }
    return fail(404, `no handler for route "${path}"`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    bodies,
    estate: e,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// A local server on 127.0.0.1 speaking Google's REST JSON for the calls the
// GCP connector makes: IAM v1 (service accounts, keys, workload identity
// pools and providers), Resource Manager v3 (getIamPolicy, projects and
// folders below a parent) and Policy Analyzer v1 (activities.query), over
// in-memory projects. Pages follow `pageSize`/`pageToken`/`nextPageToken`;
// errors are Google's `{error: {code, message, status, details}}`. Faults are
// injected per route; every request is counted per route and project.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gcpWriteRoute, type GcpWriteState } from './gcp-write-routes.js';
import { secretRoute, type SecretRoute } from './gcp-secret-routes.js';

type Json = Record<string, unknown>;

/** One project as Google would serve it (REST objects). */
export interface ServedProject {
  projectId: string;
  number: string;
  /** The parent (`organizations/1`, `folders/2`) for discovery. */
  parent?: string;
  serviceAccounts: Json[];
  keys: Json[];
  policy: Json;
  accountActivities: Json[];
  keyActivities: Json[];
  /** Pools, each with a `providers` list (served by its own route). */
  pools: Json[];
  /** Secret Manager secrets, each with its `versions` (test/servers/gcp-secret-routes.ts). */
  secrets?: Json[];
}

export type Route =
  | 'serviceAccounts.list'
  | 'keys.list'
  | 'getIamPolicy'
  | 'activities.query'
  | 'pools.list'
  | 'providers.list'
  | 'projects.list'
  | 'folders.list'
  | SecretRoute;

export interface GcpFaults {
  /** Answer the first N requests of a route with this status (429, 500, ...), then serve normally. */
  failFirst: Partial<Record<Route, { status: number; times: number }>>;
  /** Refuse a route in these projects with 403 PERMISSION_DENIED naming the permission. */
  deny: { route: Route; project: string; permission: string }[];
  /** Largest page served, whatever pageSize asks (Google may return fewer). */
  maxPage?: number;
}

export interface GcpServer {
  url: string;
  counts: Map<Route, number>;
  /** `project route` -> requests. */
  projectCounts: Map<string, number>;
  total(): number;
  faults: GcpFaults;
  /** Folders: parent -> child folder names. */
  folders: Map<string, string[]>;
  /** Revocation's calls: what they changed, and faults for them. */
  write: GcpWriteState;
  close(): Promise<void>;
}

export const TEST_TOKEN = 'ya29.test-token-do-not-leak-0001';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function googleError(res: ServerResponse, status: number, extra: { message?: string; permission?: string; domain?: string } = {}): void {
  const statusName: Record<number, string> = { 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 401: 'UNAUTHENTICATED' };
  send(res, status, {
    error: {
      code: status,
      message: extra.message ?? statusName[status] ?? 'error',
      status: statusName[status] ?? 'UNKNOWN',
      ...(extra.permission
        ? {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'IAM_PERMISSION_DENIED',
                domain: extra.domain ?? 'iam.googleapis.com',
                metadata: { permission: extra.permission },
              },
            ],
          }
        : {}),
    },
  });
}

function page<T>(items: T[], url: URL, wrapper: string, max: number | undefined): Json {
  const asked = Number(url.searchParams.get('pageSize') ?? '0') || items.length || 1;
  const size = Math.max(1, Math.min(asked, max ?? asked));
  const start = Number(url.searchParams.get('pageToken') ?? '0') || 0;
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : undefined;
  // Google leaves an empty list out of the response.
  return { ...(slice.length ? { [wrapper]: slice } : {}), ...(next ? { nextPageToken: next } : {}) };
}

export async function startGcpServer(projects: ServedProject[], opts: { faults?: Partial<GcpFaults>; folders?: Record<string, string[]> } = {}): Promise<GcpServer> {
  const byId = new Map(projects.map((p) => [p.projectId, p]));
  const byNumber = new Map(projects.map((p) => [p.number, p]));
  const counts = new Map<Route, number>();
  const projectCounts = new Map<string, number>();
  const faults: GcpFaults = { failFirst: {}, deny: [], ...opts.faults };
  const folders = new Map(Object.entries(opts.folders ?? {}));
  const served = new Map<Route, number>();
  const write: GcpWriteState = { writes: [], concurrentChanges: 0, failWrites: { status: 500, times: 0 } };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    let body: Json = {};
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json) : {};
    }
    if (req.headers.authorization !== `Bearer ${TEST_TOKEN}`) return googleError(res, 401, { message: 'Request is missing required authentication credential.' });

    if (gcpWriteRoute(req.method ?? 'GET', path, body, projects, write, (status, b) => send(res, status, b), (status, message) => googleError(res, status, { message }))) return;
    let m: RegExpExecArray | null;
    let route: Route | null = null;
    let project: ServedProject | undefined;
    let respond: () => void = () => googleError(res, 404);
    const projectOf = (id: string) => byId.get(id) ?? byNumber.get(id);

    const secret = secretRoute(req.method ?? 'GET', path);
    if (secret) {
      route = secret.route;
      project = projectOf(secret.project);
      respond = () => secret.respond(project!, url, (status, b) => send(res, status, b), () => googleError(res, 404), (items, wrapper) => page(items, url, wrapper, faults.maxPage), write.writes);
    } else if (req.method === 'GET' && (m = /^\/v1\/projects\/([^/]+)\/serviceAccounts$/.exec(path))) {
      route = 'serviceAccounts.list';
      project = projectOf(m[1]!);
      respond = () => send(res, 200, page(project!.serviceAccounts, url, 'accounts', faults.maxPage));
    } else if (req.method === 'GET' && (m = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys$/.exec(path))) {
      route = 'keys.list';
      const email = m[2]!;
      project = m[1] === '-' ? projects.find((p) => p.serviceAccounts.some((s) => s.email === email)) : projectOf(m[1]!);
      respond = () => {
        if (!project!.serviceAccounts.some((s) => s.email === email)) return googleError(res, 404);
        send(res, 200, { keys: project!.keys.filter((k) => String(k.name).includes(`/serviceAccounts/${email}/keys/`)) });
      };
    } else if (req.method === 'POST' && (m = /^\/v3\/projects\/([^/:]+):getIamPolicy$/.exec(path))) {
      route = 'getIamPolicy';
      project = projectOf(m[1]!);
      respond = () => {
        const requested = (body.options as Json | undefined)?.requestedPolicyVersion;
        // Google answers version 1 (conditions stripped) unless version 3 is requested.
        if (requested !== 3) return send(res, 200, { ...project!.policy, version: 1, bindings: ((project!.policy.bindings as Json[]) ?? []).filter((b) => !b.condition) });
        send(res, 200, project!.policy);
      };
    } else if (req.method === 'GET' && (m = /^\/v1\/projects\/([^/]+)\/locations\/global\/activityTypes\/([^/]+)\/activities:query$/.exec(path))) {
      route = 'activities.query';
      project = projectOf(m[1]!);
      const type = m[2]!;
      respond = () => {
        const list = type === 'serviceAccountLastAuthentication' ? project!.accountActivities : type === 'serviceAccountKeyLastAuthentication' ? project!.keyActivities : null;
        if (!list) return googleError(res, 400, { message: 'unknown activity type' });
        send(res, 200, page(list, url, 'activities', faults.maxPage));
      };
    } else if (req.method === 'GET' && (m = /^\/v1\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools$/.exec(path))) {
      route = 'pools.list';
      project = projectOf(m[1]!);
      respond = () => send(res, 200, page(project!.pools.map(({ providers: _p, ...pool }) => pool), url, 'workloadIdentityPools', faults.maxPage));
    } else if (req.method === 'GET' && (m = /^\/v1\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers$/.exec(path))) {
      route = 'providers.list';
      project = projectOf(m[1]!);
      const poolId = m[2]!;
      respond = () => {
        const pool = project!.pools.find((p) => String(p.name).endsWith(`/workloadIdentityPools/${poolId}`));
        if (!pool) return googleError(res, 404);
        send(res, 200, page((pool.providers as Json[]) ?? [], url, 'workloadIdentityPoolProviders', faults.maxPage));
      };
    } else if (req.method === 'GET' && path === '/v3/projects') {
      route = 'projects.list';
      const parent = url.searchParams.get('parent') ?? '';
      respond = () =>
        send(res, 200, page(projects.filter((p) => p.parent === parent).map((p) => ({ name: `projects/${p.number}`, projectId: p.projectId, parent, state: 'ACTIVE' })), url, 'projects', faults.maxPage));
    } else if (req.method === 'GET' && path === '/v3/folders') {
      route = 'folders.list';
      const parent = url.searchParams.get('parent') ?? '';
      respond = () => send(res, 200, page((folders.get(parent) ?? []).map((name) => ({ name, parent, state: 'ACTIVE' })), url, 'folders', faults.maxPage));
    }

    if (!route) return googleError(res, 404, { message: `no route ${req.method} ${path}` });
    counts.set(route, (counts.get(route) ?? 0) + 1);
    if (project) projectCounts.set(`${project.projectId} ${route}`, (projectCounts.get(`${project.projectId} ${route}`) ?? 0) + 1);
    const deny = faults.deny.find((d) => d.route === route && d.project === project?.projectId);
    if (deny) return googleError(res, 403, { message: `Permission '${deny.permission}' denied on resource (or it may not exist).`, permission: deny.permission });
    const fail = faults.failFirst[route];
    const n = served.get(route) ?? 0;
    served.set(route, n + 1);
    if (fail && n < fail.times) return googleError(res, fail.status);
    if (route !== 'projects.list' && route !== 'folders.list' && !project) return googleError(res, 403, { message: 'The caller does not have permission' });
    respond();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => googleError(res, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    counts,
    projectCounts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    faults,
    folders,
    write,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A project of a test estate (the files estate-gcp.ts writes) as the server serves it. */
export function servedFromFiles(projectId: string, files: Record<string, string>, number = '123456789012', parent?: string): ServedProject {
  const at = (f: string) => files[`gcp/${projectId}/${f}`];
  const parse = (f: string, fallback: unknown) => (at(f) ? JSON.parse(at(f)!) : fallback);
  return {
    projectId,
    number,
    parent,
    serviceAccounts: parse('service-accounts.json', []),
    keys: parse('service-account-keys.json', []),
    policy: parse('iam-policy.json', { version: 3, etag: 'BwY=', bindings: [] }),
    accountActivities: parse('activity/serviceAccountLastAuthentication.json', { activities: [] }).activities ?? [],
    keyActivities: parse('activity/serviceAccountKeyLastAuthentication.json', { activities: [] }).activities ?? [],
    pools: parse('workload-identity-pools.json', []),
  };
}

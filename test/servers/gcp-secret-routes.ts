// Secret Manager v1 on the local GCP server: secrets.list and
// secrets.versions.list (read, counted and faultable like the other read
// routes), and the version calls revocation makes (get, disable, enable). A
// secret of a project is served with its `versions`; no route serves a
// payload (versions.access is not here: nothing may call it).
import type { ServedProject } from './gcp-server.js';

type Json = Record<string, unknown>;

export type SecretRoute = 'secrets.list' | 'versions.list' | 'versions.get' | 'versions.disable' | 'versions.enable';

export interface SecretRouteMatch {
  route: SecretRoute;
  /** The project id or number in the path. */
  project: string;
  respond(p: ServedProject, url: URL, send: (status: number, body: unknown) => void, notFound: () => void, page: (items: Json[], wrapper: string) => Json, writes: string[]): void;
}

const secretOf = (p: ServedProject, id: string) => (p.secrets ?? []).find((s) => String(s.name).endsWith(`/secrets/${id}`));
const withoutVersions = ({ versions: _v, ...s }: Json) => s;

export function secretRoute(method: string, path: string): SecretRouteMatch | null {
  let m = /^\/v1\/projects\/([^/]+)\/secrets$/.exec(path);
  if (method === 'GET' && m) {
    return { route: 'secrets.list', project: m[1]!, respond: (p, _u, send, _n, page) => send(200, page((p.secrets ?? []).map(withoutVersions), 'secrets')) };
  }
  m = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions$/.exec(path);
  if (method === 'GET' && m) {
    const id = m[2]!;
    return {
      route: 'versions.list',
      project: m[1]!,
      respond: (p, _u, send, notFound, page) => {
        const s = secretOf(p, id);
        if (!s) return notFound();
        send(200, page((s.versions as Json[]) ?? [], 'versions'));
      },
    };
  }
  m = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/:]+)(?::(disable|enable))?$/.exec(path);
  if (m && (method === 'GET' ? !m[4] : method === 'POST' && m[4])) {
    const [, project, id, version, verb] = m as unknown as [string, string, string, string, string | undefined];
    return {
      route: verb ? (`versions.${verb}` as SecretRoute) : 'versions.get',
      project,
      respond: (p, _u, send, notFound, _page, writes) => {
        const v = ((secretOf(p, id)?.versions as Json[]) ?? []).find((x) => String(x.name).endsWith(`/versions/${version}`));
        if (!v) return notFound();
        if (verb) {
          if (v.state === 'DESTROYED') return send(400, { error: { code: 400, status: 'FAILED_PRECONDITION', message: 'version is destroyed' } });
          v.state = verb === 'disable' ? 'DISABLED' : 'ENABLED';
          writes.push(`${verb} secretVersion ${String(v.name)}`);
        }
        send(200, v);
      },
    };
  }
  return null;
}

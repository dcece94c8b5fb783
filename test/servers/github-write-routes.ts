// The GitHub REST calls revocation makes, over the local server's org files:
// membership checks, team memberships, deploy keys, SAML credential
// authorizations and org membership removal. Each route is looked up in
// GitHub's OpenAPI description first (method and path template), so the
// server cannot accept a call GitHub does not have; 200 bodies are checked
// against its response schema.
import { operationSchema } from '../helpers/github-openapi.js';
import { validate } from '../helpers/github-openapi.js';

export interface WriteAnswer {
  status: number;
  json?: unknown;
  /** The OpenAPI path template matched, for the schema check. */
  template: string;
}

type Files = Record<string, unknown>;
const login = (u: unknown) => String((u as { login?: unknown }).login ?? '').toLowerCase();

/** null: not a revocation route (the server's read routes handle it). */
export function writeRoute(method: string, path: string, body: string, orgs: Map<string, { files: Files }>, writes: string[], schemaErrors: string[]): WriteAnswer | null {
  const answer = (a: WriteAnswer): WriteAnswer => {
    const schema = operationSchema(method, a.template, a.status);
    if (schema === undefined) schemaErrors.push(`${method} ${a.template} -> ${a.status}: not in GitHub's OpenAPI description`);
    else if (schema && a.json !== undefined) for (const e of validate(schema, a.json).slice(0, 3)) schemaErrors.push(`${method} ${path}: ${e}`);
    return a;
  };
  const notFound = (template: string) => answer({ status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, template });
  let m = /^\/orgs\/([^/]+)\/(members|outside_collaborators)\/([^/]+)$/.exec(path);
  if (m) {
    const org = orgs.get(m[1]!);
    const user = decodeURIComponent(m[3]!).toLowerCase();
    const file = m[2] === 'members' ? 'members.json' : 'outside-collaborators.json';
    const template = `/orgs/{org}/${m[2]}/{username}`;
    const list = (org?.files[file] as unknown[] | undefined) ?? [];
    const has = list.some((u) => login(u) === user);
    if (method === 'GET' && m[2] === 'members') return has ? answer({ status: 204, template }) : notFound(template);
    if (method === 'DELETE') {
      if (!org || !has) return notFound(template);
      org.files[file] = list.filter((u) => login(u) !== user);
      if (m[2] === 'members') org.files['admins.json'] = ((org.files['admins.json'] as unknown[]) ?? []).filter((u) => login(u) !== user);
      writes.push(`DELETE ${m[1]} ${m[2]} ${user}`);
      return answer({ status: 204, template });
    }
    return null;
  }
  m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/.exec(path);
  if (m) {
    const org = orgs.get(m[1]!);
    const slug = decodeURIComponent(m[2]!);
    const user = decodeURIComponent(m[3]!).toLowerCase();
    const template = '/orgs/{org}/teams/{team_slug}/memberships/{username}';
    const file = `team-members/${slug}.json`;
    const list = org?.files[file] as unknown[] | undefined;
    if (!org || !list) return notFound(template);
    const has = list.some((u) => login(u) === user);
    const membership = { url: `https://api.github.com/teams/1/memberships/${user}`, role: 'member', state: 'active' };
    if (method === 'GET') return has ? answer({ status: 200, json: membership, template }) : notFound(template);
    if (method === 'DELETE') {
      if (!has) return notFound(template);
      org.files[file] = list.filter((u) => login(u) !== user);
      writes.push(`DELETE ${m[1]} team ${slug} ${user}`);
      return answer({ status: 204, template });
    }
    if (method === 'PUT') {
      const role = (JSON.parse(body || '{}') as { role?: string }).role ?? 'member';
      const member = ((org.files['members.json'] as unknown[]) ?? []).find((u) => login(u) === user);
      if (!member) return answer({ status: 404, json: { message: 'Not Found' }, template });
      if (!has) org.files[file] = [...list, member];
      writes.push(`PUT ${m[1]} team ${slug} ${user} ${role}`);
      return answer({ status: 200, json: { ...membership, role }, template });
    }
    return null;
  }
  m = /^\/repos\/([^/]+)\/([^/]+)\/keys\/(\d+)$/.exec(path);
  if (m) {
    const org = orgs.get(m[1]!);
    const repo = decodeURIComponent(m[2]!);
    const template = '/repos/{owner}/{repo}/keys/{key_id}';
    const file = `deploy-keys/${repo}.json`;
    const list = (org?.files[file] as { id: number }[] | undefined) ?? [];
    const key = list.find((k) => String(k.id) === m![3]);
    if (!org || !key) return notFound(template);
    if (method === 'GET') return answer({ status: 200, json: key, template });
    if (method === 'DELETE') {
      org.files[file] = list.filter((k) => k !== key);
      writes.push(`DELETE ${m[1]} ${repo} deploy-key ${key.id}`);
      return answer({ status: 204, template });
    }
    return null;
  }
  m = /^\/orgs\/([^/]+)\/credential-authorizations\/(\d+)$/.exec(path);
  if (m && method === 'DELETE') {
    const org = orgs.get(m[1]!);
    const template = '/orgs/{org}/credential-authorizations/{credential_id}';
    const list = (org?.files['credential-authorizations.json'] as { credential_id: number }[] | undefined) ?? [];
    const auth = list.find((a) => String(a.credential_id) === m![2]);
    if (!org || !auth) return notFound(template);
    org.files['credential-authorizations.json'] = list.filter((a) => a !== auth);
    writes.push(`DELETE ${m[1]} credential-authorization ${auth.credential_id}`);
    return answer({ status: 204, template });
  }
  return null;
}

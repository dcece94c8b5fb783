// A local server on 127.0.0.1 speaking GitHub's REST and GraphQL over the
// files of test orgs (test/helpers/estate-github.ts): `per_page`/`page` with
// Link headers, ETags and 304 Not Modified (which, as on GitHub, cost no
// rate limit), rate-limit headers, and faults to inject: a secondary rate
// limit 403 with retry-after, 404 for plan-gated endpoints, 5xx. Every JSON
// page it sends is checked against GitHub's OpenAPI description.
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { githubFiles, type GithubOrg } from '../helpers/estate-github.js';
import { responseSchema, validate } from '../helpers/github-openapi.js';
import { writeRoute } from './github-write-routes.js';
import { readBody } from './read-body.js';

export interface Fault {
  /** Matched against `METHOD /path?query`. */
  match: RegExp;
  status: number;
  /** Answer this many matching requests so, then serve normally (Infinity: always). */
  times: number;
  retryAfter?: number;
  message?: string;
}

export interface GithubServer {
  url: string;
  /** Every request: `GET /orgs/acme/members?per_page=100 -> 200`, and when (ms). */
  log: { line: string; at: number }[];
  /** Requests GitHub would charge to the REST rate limit (everything but 304), and GraphQL queries. */
  cost: { rest: number; graphql: number };
  /** Responses that break GitHub's OpenAPI schema (must stay empty). */
  schemaErrors: string[];
  faults: Fault[];
  /** Bearer tokens seen, for auth checks. */
  tokens: Set<string>;
  /** Every change a revocation call made: `DELETE acme members alice`. */
  writes: string[];
  /** Replace an org's data (a later collect sees the change). */
  setOrg(org: GithubOrg): void;
  close(): Promise<void>;
}

interface OrgData {
  files: Record<string, unknown>;
  saml: boolean;
}

const INSTALLATION_TOKEN = 'ghs_localInstallationToken000000000000';

export async function startGithubServer(orgs: GithubOrg[], opts: { samlOrgs?: string[]; graphqlPageSize?: number } = {}): Promise<GithubServer> {
  const data = new Map<string, OrgData>();
  const setOrg = (o: GithubOrg) => {
    const files: Record<string, unknown> = {};
    for (const [rel, text] of Object.entries(githubFiles(o))) files[rel.split('/').slice(2).join('/')] = JSON.parse(text);
    data.set(o.name, { files, saml: opts.samlOrgs ? opts.samlOrgs.includes(o.name) : true });
  };
  orgs.forEach(setOrg);
  const state: GithubServer = {
    url: '',
    log: [],
    cost: { rest: 0, graphql: 0 },
    schemaErrors: [],
    faults: [],
    tokens: new Set(),
    writes: [],
    setOrg,
    close: async () => {},
  };
  let remaining = 5000;

  const server = createServer(async (req, res) => {
    // Small JSON answers on a kept-alive socket: without this, Nagle meets the client's delayed ACK (~40 ms a request).
    req.socket.setNoDelay(true);
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const line = `${req.method} ${url.pathname}${url.search}`;
    const auth = req.headers.authorization ?? '';
    state.tokens.add(auth.replace(/^(token|bearer) /i, ''));
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      state.log.push({ line: `${line} -> ${status}`, at: Date.now() });
      if (status !== 304) {
        if (url.pathname === '/graphql') state.cost.graphql++;
        else {
          state.cost.rest++;
          remaining--;
        }
      }
      const text = status === 304 || json === undefined ? '' : JSON.stringify(json);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(Math.max(remaining, 0)),
        'x-ratelimit-used': String(5000 - remaining),
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': url.pathname === '/graphql' ? 'graphql' : 'core',
        ...headers,
      });
      res.end(text || undefined);
    };

    const fault = state.faults.find((f) => f.times > 0 && f.match.test(line));
    if (fault) {
      fault.times--;
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      return send(fault.status, { message: fault.message ?? 'Server Error', documentation_url: 'https://docs.github.com/rest' }, headers);
    }
    if (req.method === 'POST' && url.pathname === '/graphql') return graphql(body, send);
    const appInstall = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url.pathname);
    if (req.method === 'POST' && appInstall) {
      return send(201, { token: INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'), permissions: {}, repository_selection: 'all' });
    }
    const written = writeRoute(req.method ?? 'GET', url.pathname, body, data, state.writes, state.schemaErrors);
    if (written) return send(written.status, written.json);
    if (req.method !== 'GET') return send(405, { message: 'Method not allowed' });
    const found = route(url);
    if (!found) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if ('single' in found) return send(200, found.single);
    const { list, wrapper, schemaPath } = found;
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const items = list.slice((page - 1) * perPage, page * perPage);
    const payload = wrapper ? { total_count: list.length, [wrapper]: items } : items;
    for (const e of validate(responseSchema(schemaPath), payload).slice(0, 3)) state.schemaErrors.push(`${line}: ${e}`);
    const text = JSON.stringify(payload);
    const etag = `W/"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
    const headers: Record<string, string> = { etag };
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      return `<${state.url}${u.pathname}${u.search}>; rel="${rel}"`;
    };
    const links = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    if (links.length) headers.link = links.join(', ');
    if (req.headers['if-none-match'] === etag) return send(304, undefined, headers);
    return send(200, payload, headers);
  });

  type Found = { list: unknown[]; wrapper?: string; schemaPath: string } | { single: unknown };
  function route(url: URL): Found | null {
    const p = url.pathname;
    let m = /^\/orgs\/([^/]+)\/installation$/.exec(p);
    if (m && data.has(m[1]!)) return { single: { id: 4242, app_id: 1, app_slug: 'driftgraph-reader' } };
    m = /^\/(?:orgs|repos)\/([^/]+)\/(.+)$/.exec(p);
    if (!m || !data.has(m[1]!)) return null;
    const org = data.get(m[1]!)!;
    const rest = m[2]!;
    const file = (name: string, schemaPath: string, wrapper?: string): Found | null => {
      const json = org.files[name];
      if (json === undefined) return null;
      const list = wrapper ? (json as Record<string, unknown[]>)[wrapper]! : (json as unknown[]);
      return { list, wrapper, schemaPath };
    };
    if (p.startsWith('/orgs/')) {
      if (rest === 'members') {
        if (url.searchParams.get('role') === 'admin') return file('admins.json', '/orgs/{org}/members');
        if (url.searchParams.get('filter') === '2fa_disabled') return file('members-2fa-disabled.json', '/orgs/{org}/members');
        return file('members.json', '/orgs/{org}/members');
      }
      if (rest === 'outside_collaborators') return file('outside-collaborators.json', '/orgs/{org}/outside_collaborators');
      if (rest === 'teams') return file('teams.json', '/orgs/{org}/teams');
      const t = /^teams\/([^/]+)\/members$/.exec(rest);
      if (t) return file(`team-members/${decodeURIComponent(t[1]!)}.json`, '/orgs/{org}/teams/{team_slug}/members');
      if (rest === 'repos') return file('repos.json', '/orgs/{org}/repos');
      if (rest === 'installations') return file('installations.json', '/orgs/{org}/installations', 'installations');
      if (rest === 'personal-access-tokens') return file('personal-access-tokens.json', '/orgs/{org}/personal-access-tokens');
      if (rest === 'credential-authorizations') return file('credential-authorizations.json', '/orgs/{org}/credential-authorizations');
      if (rest === 'actions/secrets') return file('actions-secrets.json', '/orgs/{org}/actions/secrets', 'secrets');
      if (rest === 'audit-log') return file('audit-log.json', '/orgs/{org}/audit-log');
      return null;
    }
    const r = /^([^/]+)\/(collaborators|keys)$/.exec(rest);
    if (!r) return null;
    const repo = decodeURIComponent(r[1]!);
    return r[2] === 'keys'
      ? file(`deploy-keys/${repo}.json`, '/repos/{owner}/{repo}/keys')
      : file(`repo-collaborators/${repo}.json`, '/repos/{owner}/{repo}/collaborators');
  }

  function graphql(body: string, send: (status: number, json: unknown) => void) {
    const { variables } = JSON.parse(body) as { query: string; variables: { org: string; cursor?: string | null } };
    const org = data.get(variables.org);
    if (!org) return send(200, { data: { organization: null }, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to an Organization with the login of '${variables.org}'.` }] });
    if (!org.saml) return send(200, { data: { organization: { samlIdentityProvider: null } } });
    const all = (org.files['external-identities.json'] as unknown[]) ?? [];
    const size = opts.graphqlPageSize ?? 100;
    const start = variables.cursor ? Number(Buffer.from(variables.cursor, 'base64').toString()) : 0;
    const nodes = all.slice(start, start + size);
    const end = start + nodes.length;
    send(200, {
      data: {
        organization: {
          samlIdentityProvider: {
            externalIdentities: {
              pageInfo: { hasNextPage: end < all.length, endCursor: Buffer.from(String(end)).toString('base64') },
              nodes,
            },
          },
        },
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

export { INSTALLATION_TOKEN };
export type { ServerResponse };

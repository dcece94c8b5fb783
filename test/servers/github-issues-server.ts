// A local GitHub Issues API on 127.0.0.1: list (labels, state, pagination
// with Link headers), create, update, comments. Every request body and every
// response is checked against GitHub's OpenAPI description; a mismatch is
// recorded in `schemaErrors` (tests assert it stays empty). Faults: answer
// the next N matching requests with a status (429 with Retry-After and
// GitHub's secondary-limit message, or 5xx). `closeByHand` is a person
// closing an issue in the web UI.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRequest, checkResponse } from './github-openapi.js';
import { readBody } from './read-body.js';

export interface FakeIssue {
  number: number;
  repo: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  comments: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  /** A primary rate limit: 403 with x-ratelimit-remaining 0, resetting in this many seconds. */
  resetInSeconds?: number;
}

export interface GithubIssuesServer {
  url: string;
  issues: FakeIssue[];
  requests: string[];
  schemaErrors: string[];
  /** Authorization headers seen (to check the token is sent, and never elsewhere). */
  tokens: Set<string>;
  faults: Fault[];
  /** Drop labels on create, as GitHub does for a token without write access. */
  dropLabels: boolean;
  closeByHand(repo: string, number: number, at?: string): void;
  close(): Promise<void>;
}

const USER = {
  login: 'driftgraph-bot', id: 1, node_id: 'U_1', avatar_url: 'https://avatars.example/u/1', gravatar_id: '',
  url: 'https://api.github.com/users/driftgraph-bot', html_url: 'https://github.com/driftgraph-bot',
  followers_url: 'x', following_url: 'x', gists_url: 'x', starred_url: 'x', subscriptions_url: 'x',
  organizations_url: 'x', repos_url: 'x', events_url: 'x', received_events_url: 'x', type: 'Bot', site_admin: false,
};

function userOf(login: string, id: number) {
  return { ...USER, login, id, node_id: `U_${id}`, type: 'User' };
}

function issueJson(base: string, i: FakeIssue) {
  const api = `${base}/repos/${i.repo}/issues/${i.number}`;
  return {
    id: 1000 + i.number, node_id: `I_${i.number}`, url: api, repository_url: `${base}/repos/${i.repo}`,
    labels_url: `${api}/labels{/name}`, comments_url: `${api}/comments`, events_url: `${api}/events`,
    html_url: `https://github.example/${i.repo}/issues/${i.number}`, number: i.number, state: i.state,
    state_reason: i.stateReason, title: i.title, body: i.body, user: USER,
    labels: i.labels.map((name, n) => ({ id: n + 1, node_id: `L_${n}`, url: `${base}/labels/${n}`, name, description: null, color: 'ededed', default: false })),
    assignee: i.assignees[0] ? userOf(i.assignees[0], 50) : null,
    assignees: i.assignees.map((a, n) => userOf(a, 50 + n)),
    milestone: null, locked: false, active_lock_reason: null, comments: i.comments.length,
    closed_at: i.closedAt, created_at: i.createdAt, updated_at: i.updatedAt, closed_by: null,
    author_association: 'NONE', reactions: undefined,
  };
}

export async function startGithubIssuesServer(): Promise<GithubIssuesServer> {
  const state: GithubIssuesServer = {
    url: '',
    issues: [],
    requests: [],
    schemaErrors: [],
    tokens: new Set(),
    faults: [],
    dropLabels: false,
    closeByHand(repo, number, at = new Date().toISOString()) {
      const i = state.issues.find((x) => x.repo === repo && x.number === number)!;
      i.state = 'closed';
      i.stateReason = 'completed';
      i.closedAt = at.replace(/\.\d{3}Z$/, 'Z');
      i.updatedAt = i.closedAt;
    },
    close: async () => {},
  };
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  const send = (res: ServerResponse, method: string, template: string, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const clean = JSON.parse(JSON.stringify(body));
    for (const e of checkResponse(method, template, status, clean)) state.schemaErrors.push(`response ${method} ${template}: ${e}`);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(clean));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, state.url);
    const method = req.method!;
    state.requests.push(`${method} ${url.pathname}`);
    if (req.headers.authorization) state.tokens.add(req.headers.authorization);
    const text = await readBody(req);
    const fault = state.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times--;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.resetInSeconds !== undefined) {
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + fault.resetInSeconds);
      } else if (fault.status === 429 || fault.status === 403) headers['retry-after'] = '1';
      res.writeHead(fault.status, headers);
      const message =
        fault.resetInSeconds !== undefined
          ? 'API rate limit exceeded for user ID 1.'
          : fault.status === 429
            ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
            : 'Server Error';
      res.end(JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest' }));
      return;
    }
    if (req.headers.authorization !== 'token test-github-token') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    const body = text ? JSON.parse(text) : {};
    let m = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(url.pathname);
    if (m && method === 'GET') {
      const repo = m[1]!;
      const label = url.searchParams.get('labels');
      const want = url.searchParams.get('state') ?? 'open';
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      // A small page size on the server forces pagination whatever per_page asks.
      const size = Math.min(perPage, 2);
      const all = state.issues.filter((i) => i.repo === repo && (!label || i.labels.includes(label)) && (want === 'all' || i.state === want));
      const slice = all.slice((page - 1) * size, page * size);
      const headers: Record<string, string> = {};
      if (page * size < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        next.searchParams.set('per_page', String(perPage));
        headers.link = `<${next}>; rel="next"`;
      }
      send(res, method, '/repos/{owner}/{repo}/issues', 200, slice.map((i) => issueJson(state.url, i)), headers);
      return;
    }
    if (m && method === 'POST') {
      for (const e of checkRequest(method, '/repos/{owner}/{repo}/issues', body)) state.schemaErrors.push(`request POST issues: ${e}`);
      const issue: FakeIssue = {
        number: state.issues.filter((i) => i.repo === m![1]).length + 1,
        repo: m[1]!, title: String(body.title), body: String(body.body ?? ''), state: 'open', stateReason: null,
        labels: state.dropLabels ? [] : (body.labels ?? []).map(String), assignees: (body.assignees ?? []).map(String), comments: [],
        createdAt: now(), updatedAt: now(), closedAt: null,
      };
      state.issues.push(issue);
      send(res, method, '/repos/{owner}/{repo}/issues', 201, issueJson(state.url, issue));
      return;
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/comments)?$/.exec(url.pathname);
    const issue = m && state.issues.find((i) => i.repo === m![1] && i.number === Number(m![2]));
    if (m && !issue) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    if (m && issue && m[3] && method === 'POST') {
      const template = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
      for (const e of checkRequest(method, template, body)) state.schemaErrors.push(`request POST comments: ${e}`);
      issue.comments.push(String(body.body));
      const api = `${state.url}/repos/${issue.repo}/issues/comments/${issue.comments.length}`;
      send(res, method, template, 201, {
        id: issue.comments.length, node_id: `C_${issue.comments.length}`, url: api,
        html_url: `https://github.example/${issue.repo}/issues/${issue.number}#issuecomment-${issue.comments.length}`,
        body: body.body, user: USER, created_at: now(), updated_at: now(),
        issue_url: `${state.url}/repos/${issue.repo}/issues/${issue.number}`, author_association: 'NONE',
      });
      return;
    }
    if (m && issue && !m[3] && method === 'PATCH') {
      const template = '/repos/{owner}/{repo}/issues/{issue_number}';
      for (const e of checkRequest(method, template, body)) state.schemaErrors.push(`request PATCH issue: ${e}`);
      if (body.title !== undefined) issue.title = String(body.title);
      if (body.body !== undefined) issue.body = String(body.body);
      if (body.state && body.state !== issue.state) {
        issue.state = body.state;
        issue.closedAt = body.state === 'closed' ? now() : null;
        issue.stateReason = body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened';
      }
      issue.updatedAt = now();
      send(res, method, template, 200, issueJson(state.url, issue));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Not Found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

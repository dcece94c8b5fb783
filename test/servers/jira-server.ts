// A local Jira Cloud REST v3 on 127.0.0.1: search by JQL (the enhanced
// /search/jql with nextPageToken), create, edit, comment, transitions, over a
// three-status workflow (To Do, In Progress, Done). Bodies must be Atlassian
// Document Format: a doc of version 1 made of known nodes, text nodes never
// empty and never carrying link marks; violations go to `adfErrors`.
// Basic auth with the test email and API token is required. Faults as in the
// GitHub server: 429 with Retry-After, or 5xx.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';

export interface JiraIssue {
  key: string;
  project: string;
  issueType: string;
  summary: string;
  description: unknown;
  labels: string[];
  assignee: string | null;
  status: 'To Do' | 'In Progress' | 'Done';
  resolution: string | null;
  resolutionDate: string | null;
  comments: unknown[];
}

export interface JiraServer {
  url: string;
  issues: JiraIssue[];
  requests: string[];
  adfErrors: string[];
  jql: string[];
  faults: { method: string; path: RegExp; status: number; times: number }[];
  closeByHand(key: string): void;
  close(): Promise<void>;
}

export const JIRA_EMAIL = 'bot@example.com';
export const JIRA_TOKEN = 'test-jira-api-token';

const CATEGORY = { 'To Do': 'new', 'In Progress': 'indeterminate', Done: 'done' } as const;
const BLOCKS = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'codeBlock', 'blockquote', 'rule']);
const MARKS = new Set(['code', 'strong', 'em']);

function checkAdf(doc: any, where: string, errors: string[]): void {
  if (!doc || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
    errors.push(`${where}: not an ADF doc of version 1`);
    return;
  }
  const walk = (n: any, path: string) => {
    if (n.type === 'text') {
      if (typeof n.text !== 'string' || n.text === '') errors.push(`${path}: empty text node`);
      for (const m of n.marks ?? []) if (!MARKS.has(m.type)) errors.push(`${path}: mark ${m.type} not allowed`);
      return;
    }
    if (!BLOCKS.has(n.type)) errors.push(`${path}: node ${n.type} not allowed`);
    (n.content ?? []).forEach((c: any, i: number) => walk(c, `${path}.content[${i}]`));
  };
  doc.content.forEach((c: any, i: number) => walk(c, `${where}.content[${i}]`));
}

const jiraTime = (d = new Date()) => d.toISOString().replace('Z', '+0000');

export async function startJiraServer(): Promise<JiraServer> {
  const state: JiraServer = {
    url: '',
    issues: [],
    requests: [],
    adfErrors: [],
    jql: [],
    faults: [],
    closeByHand(key) {
      const i = state.issues.find((x) => x.key === key)!;
      i.status = 'Done';
      i.resolution = 'Done';
      i.resolutionDate = jiraTime();
    },
    close: async () => {},
  };
  const auth = 'Basic ' + Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64');
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, state.url);
    const method = req.method!;
    state.requests.push(`${method} ${url.pathname}`);
    const text = await readBody(req);
    const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fault = state.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times--;
      return json(fault.status, { errorMessages: ['injected'] }, fault.status === 429 ? { 'retry-after': '1' } : {});
    }
    if (req.headers.authorization !== auth) return json(401, { errorMessages: ['unauthorized'] });
    const body = text ? JSON.parse(text) : {};
    const issueJson = (i: JiraIssue) => ({
      id: String(10000 + state.issues.indexOf(i)),
      key: i.key,
      self: `${state.url}/rest/api/3/issue/${i.key}`,
      fields: {
        description: i.description,
        status: { name: i.status, statusCategory: { key: CATEGORY[i.status] } },
        resolutiondate: i.resolutionDate,
        statuscategorychangedate: i.resolutionDate ?? jiraTime(),
      },
    });
    if (method === 'POST' && url.pathname === '/rest/api/3/search/jql') {
      state.jql.push(body.jql);
      const label = /labels = "([^"]+)"/.exec(body.jql)?.[1];
      const projects = [...String(/project in \(([^)]*)\)/.exec(body.jql)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((x) => x[1]);
      const all = state.issues.filter((i) => projects.includes(i.project) && (!label || i.labels.includes(label)));
      const start = body.nextPageToken ? Number(body.nextPageToken) : 0;
      const size = Math.min(body.maxResults ?? 50, 2);
      const page = all.slice(start, start + size);
      const more = start + size < all.length;
      return json(200, { issues: page.map(issueJson), isLast: !more, ...(more ? { nextPageToken: String(start + size) } : {}) });
    }
    if (method === 'POST' && url.pathname === '/rest/api/3/issue') {
      const f = body.fields ?? {};
      if (!f.project?.key || !f.issuetype?.name || !f.summary) return json(400, { errors: { summary: 'required' } });
      if (typeof f.summary !== 'string' || f.summary.length > 255 || /[\r\n]/.test(f.summary)) return json(400, { errors: { summary: 'bad summary' } });
      checkAdf(f.description, 'create.description', state.adfErrors);
      const n = state.issues.filter((i) => i.project === f.project.key).length + 1;
      const issue: JiraIssue = {
        key: `${f.project.key}-${n}`, project: f.project.key, issueType: f.issuetype.name, summary: f.summary,
        description: f.description, labels: f.labels ?? [], assignee: f.assignee?.accountId ?? null,
        status: 'To Do', resolution: null, resolutionDate: null, comments: [],
      };
      state.issues.push(issue);
      return json(201, { id: String(10000 + state.issues.length - 1), key: issue.key, self: `${state.url}/rest/api/3/issue/${issue.key}` });
    }
    const m = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/comment|\/transitions)?$/.exec(url.pathname);
    const issue = m && state.issues.find((i) => i.key === m[1]);
    if (m && !issue) return json(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
    if (m && issue) {
      if (!m[2] && method === 'PUT') {
        if (body.fields?.description !== undefined) {
          checkAdf(body.fields.description, 'edit.description', state.adfErrors);
          issue.description = body.fields.description;
        }
        if (body.fields?.summary !== undefined) issue.summary = body.fields.summary;
        return json(204);
      }
      if (m[2] === '/comment' && method === 'POST') {
        checkAdf(body.body, 'comment.body', state.adfErrors);
        issue.comments.push(body.body);
        return json(201, { id: String(issue.comments.length), body: body.body });
      }
      if (m[2] === '/transitions' && method === 'GET') {
        const fields = url.searchParams.get('expand') === 'transitions.fields' ? { resolution: { required: false, name: 'Resolution' } } : undefined;
        return json(200, {
          transitions: [
            { id: '11', name: 'To Do', to: { name: 'To Do', statusCategory: { key: 'new' } } },
            { id: '21', name: 'In Progress', to: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
            { id: '31', name: 'Done', to: { name: 'Done', statusCategory: { key: 'done' } }, ...(fields ? { fields } : {}) },
          ],
        });
      }
      if (m[2] === '/transitions' && method === 'POST') {
        const names: Record<string, JiraIssue['status']> = { '11': 'To Do', '21': 'In Progress', '31': 'Done' };
        const to = names[String(body.transition?.id)];
        if (!to) return json(400, { errorMessages: ['no such transition'] });
        issue.status = to;
        issue.resolution = to === 'Done' ? (body.fields?.resolution?.name ?? 'Done') : null;
        issue.resolutionDate = to === 'Done' ? jiraTime() : null;
        return json(204);
      }
    }
    return json(404, { errorMessages: ['not found'] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

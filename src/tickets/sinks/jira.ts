// Jira Cloud REST v3 with plain fetch and ADF bodies. No client library: the
// project's lock file offers none, and the five calls used here (search by
// JQL, create, edit, comment, transition) are small and stable in v3.
// Issues carry the label `driftgraph` (or the first configured label); the
// marker is the description's last paragraph.
import { adfText, renderAdf } from '../render-adf.js';
import { parseMarker } from '../marker.js';
import { httpCall, providerInstant, type HttpOptions } from '../http.js';
import { SinkCallError, type CloseReason, type RemoteTicket, type Sink, type TicketContent, type TicketTarget } from '../sink.js';
import type { Inline } from '../ticket-doc.js';

export interface JiraSinkOptions {
  url: string;
  email: string;
  apiToken: string;
  project?: string;
  issueType?: string;
  labels?: string[];
  /** Owner email (lower case) -> Jira account id. */
  accounts?: Record<string, string>;
  wontDoResolution?: string;
  http?: HttpOptions;
}

interface Transition {
  id: string;
  name: string;
  to?: { statusCategory?: { key?: string } };
  fields?: Record<string, unknown>;
}

const jqlString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export class JiraSink implements Sink {
  readonly name = 'jira' as const;
  private readonly site: string;
  private readonly labels: string[];
  private readonly accounts: Map<string, string>;

  constructor(private readonly opts: JiraSinkOptions) {
    this.site = opts.url.replace(/\/+$/, '');
    this.labels = opts.labels ?? ['driftgraph'];
    this.accounts = new Map(Object.entries(opts.accounts ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  private async api(method: string, path: string, body?: unknown): Promise<unknown> {
    const auth = Buffer.from(`${this.opts.email}:${this.opts.apiToken}`).toString('base64');
    const res = await httpCall(
      'jira',
      method,
      this.site + path,
      {
        headers: { authorization: `Basic ${auth}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      },
      this.opts.http,
    );
    return res.json;
  }

  async find(targets: TicketTarget[]): Promise<RemoteTicket[]> {
    const projects = [...new Set(targets.map((t) => t.project ?? this.opts.project).filter((p): p is string => !!p))];
    if (!projects.length) return [];
    const jql = `project in (${projects.map(jqlString).join(', ')}) AND labels = ${jqlString(this.labels[0]!)} ORDER BY created ASC`;
    const out: RemoteTicket[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = (await this.api('POST', '/rest/api/3/search/jql', {
        jql,
        fields: ['description', 'status', 'resolutiondate', 'statuscategorychangedate'],
        maxResults: 100,
        ...(nextPageToken ? { nextPageToken } : {}),
      })) as { issues?: { key: string; fields?: Record<string, unknown> }[]; nextPageToken?: string; isLast?: boolean };
      for (const issue of page.issues ?? []) {
        const fields = issue.fields ?? {};
        const marker = parseMarker(adfText(fields.description));
        if (!marker) continue;
        const category = (fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key;
        const done = category === 'done';
        out.push({
          key: marker.key,
          ref: issue.key,
          url: `${this.site}/browse/${issue.key}`,
          open: !done,
          closedAt: done ? (providerInstant(fields.resolutiondate) ?? providerInstant(fields.statuscategorychangedate)) : null,
          state: marker.state,
          digest: marker.digest,
        });
      }
      nextPageToken = page.isLast === false || (page.isLast === undefined && page.nextPageToken) ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return out;
  }

  private assignee(t: TicketContent): { accountId: string } | undefined {
    const id = t.ownerEmails.map((e) => this.accounts.get(e)).find((x) => x);
    return id ? { accountId: id } : undefined;
  }

  async open(target: TicketTarget, t: TicketContent): Promise<{ ref: string; url: string | null }> {
    const project = target.project ?? this.opts.project;
    if (!project) throw new SinkCallError('jira', 'POST /rest/api/3/issue', null, 'no project configured');
    const assignee = this.assignee(t);
    const created = (await this.api('POST', '/rest/api/3/issue', {
      fields: {
        project: { key: project },
        issuetype: { name: target.issueType ?? this.opts.issueType ?? 'Task' },
        summary: t.title,
        description: renderAdf(t.body),
        labels: [...this.labels, `severity-${t.severity}`],
        ...(assignee ? { assignee } : {}),
      },
    })) as { key?: string };
    if (!created?.key) throw new SinkCallError('jira', 'POST /rest/api/3/issue', 201, 'no issue key in the response');
    return { ref: created.key, url: `${this.site}/browse/${created.key}` };
  }

  async update(ref: string, t: TicketContent): Promise<void> {
    await this.api('PUT', `/rest/api/3/issue/${encodeURIComponent(ref)}`, { fields: { summary: t.title, description: renderAdf(t.body) } });
  }

  async comment(ref: string, _key: string, comment: Inline[]): Promise<void> {
    await this.api('POST', `/rest/api/3/issue/${encodeURIComponent(ref)}/comment`, { body: renderAdf([{ para: comment }]) });
  }

  /** The first transition into one of these status categories, in order of preference. */
  private async transitionTo(ref: string, categories: string[], resolution?: string): Promise<void> {
    const path = `/rest/api/3/issue/${encodeURIComponent(ref)}/transitions`;
    const { transitions = [] } = (await this.api('GET', `${path}?expand=transitions.fields`)) as { transitions?: Transition[] };
    const pick = categories.map((c) => transitions.find((x) => x.to?.statusCategory?.key === c)).find((x) => x);
    if (!pick) throw new SinkCallError('jira', `POST ${path}`, null, `the workflow offers no transition to ${categories.join(' or ')}`);
    // A resolution is set only where the transition's screen has the field.
    const fields = resolution && pick.fields && 'resolution' in pick.fields ? { resolution: { name: resolution } } : undefined;
    await this.api('POST', path, { transition: { id: pick.id }, ...(fields ? { fields } : {}) });
  }

  // Comment, then the transition, then the text with its marker: a failure
  // leaves a marker that makes the next run try again.
  async close(ref: string, t: TicketContent, comment: Inline[], reason: CloseReason): Promise<void> {
    await this.comment(ref, '', comment);
    await this.transitionTo(ref, ['done'], reason === 'excepted' ? (this.opts.wontDoResolution ?? "Won't Do") : 'Done');
    await this.update(ref, t);
  }

  async reopen(ref: string, t: TicketContent, comment: Inline[]): Promise<void> {
    await this.comment(ref, '', comment);
    await this.transitionTo(ref, ['new', 'indeterminate']);
    await this.update(ref, t);
  }
}

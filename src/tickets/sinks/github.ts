// GitHub Issues through @octokit/rest, with the throttling plugin (GitHub's
// pacing of writes, secondary limits, Retry-After) and the retry plugin (5xx).
// Issues carry the label `driftgraph` (or the first configured label), so one
// paginated list per repository finds every ticket and its marker again.
import { createRequire } from 'node:module';
import type { Octokit } from '@octokit/rest';
import { renderMarkdown, markdownInline } from '../render-markdown.js';
import { parseMarker } from '../marker.js';
import { providerInstant } from '../http.js';
import { SinkCallError, type CloseReason, type RemoteTicket, type Sink, type TicketContent, type TicketTarget } from '../sink.js';
import type { Inline } from '../ticket-doc.js';

export interface GithubSinkOptions {
  repo: string;
  token: string;
  baseUrl?: string;
  labels?: string[];
  writeIntervalMs?: number;
  /** Retries of a request GitHub rate-limited (429 / secondary limit) or failed with 5xx. */
  retries?: number;
  /** Milliseconds per second of back-off the plugins compute (1000; tests shorten it). */
  retryBaseMs?: number;
}

type Client = Octokit;

// The plugin paces writes with Bottleneck groups (1 s between writes, 3 s for
// writes that notify, as GitHub asks). A different pace needs groups of the
// same Bottleneck the plugin uses: resolve it from the plugin itself.
function writeGroups(intervalMs: number): Record<string, unknown> {
  const require = createRequire(import.meta.resolve('@octokit/plugin-throttling'));
  const Bottleneck = require('bottleneck/light.js');
  return {
    write: new Bottleneck.Group({ id: 'driftgraph-write', maxConcurrent: 1, minTime: intervalMs }),
    notifications: new Bottleneck.Group({ id: 'driftgraph-notifications', maxConcurrent: 1, minTime: intervalMs * 3 }),
  };
}

function splitRef(ref: string): { owner: string; repo: string; issue_number: number } {
  const m = /^([^/]+)\/([^#]+)#(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a GitHub issue ref: ${ref}`);
  return { owner: m[1]!, repo: m[2]!, issue_number: Number(m[3]) };
}

/** The login scheme (`loginScheme` on accounts) whose logins this sink can mention. */
export const GITHUB_LOGIN_SCHEME = 'github';

export class GithubSink implements Sink {
  readonly name = 'github' as const;
  private client: Client | undefined;
  private readonly labels: string[];

  constructor(private readonly opts: GithubSinkOptions) {
    this.labels = opts.labels ?? ['driftgraph'];
  }

  // Octokit is loaded on the first call, not by every command that could file
  // a ticket.
  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const opts = this.opts;
    const retries = opts.retries ?? 3;
    const [{ Octokit }, { throttling }, { retry }] = await Promise.all([
      import('@octokit/rest'),
      import('@octokit/plugin-throttling'),
      import('@octokit/plugin-retry'),
    ]);
    const ThrottledOctokit = Octokit.plugin(throttling, retry);
    this.client = new ThrottledOctokit({
      auth: opts.token,
      baseUrl: opts.baseUrl?.replace(/\/+$/, ''),
      userAgent: 'driftgraph-tickets',
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      throttle: {
        ...(opts.retryBaseMs !== undefined ? { retryAfterBaseValue: opts.retryBaseMs } : {}),
        // Wait out a limit of up to a minute; a longer one fails the sink for
        // this run (the next run does the rest) rather than stall the job.
        onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => count < retries && after <= 60,
        onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => count < retries && after <= 60,
        ...(opts.writeIntervalMs !== undefined ? writeGroups(opts.writeIntervalMs) : {}),
      },
      retry: { retries, ...(opts.retryBaseMs !== undefined ? { retryAfterBaseValue: opts.retryBaseMs } : {}) },
    });
    return this.client;
  }

  /** Every call goes through here so a failure names the call, never the token or a body. */
  private async call<T>(name: string, work: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connect());
    } catch (e) {
      const err = e as { status?: number };
      throw new SinkCallError('github', name, typeof err.status === 'number' ? err.status : null, typeof err.status === 'number' ? undefined : 'no connection');
    }
  }

  async find(targets: TicketTarget[]): Promise<RemoteTicket[]> {
    const out: RemoteTicket[] = [];
    const repos = [...new Set(targets.map((t) => t.repo ?? this.opts.repo))];
    for (const full of repos) {
      const [owner, repo] = full.split('/') as [string, string];
      const issues = await this.call(`GET /repos/${full}/issues`, (c) =>
        c.paginate(c.rest.issues.listForRepo, { owner, repo, labels: this.labels[0], state: 'all', per_page: 100 }),
      );
      for (const issue of issues) {
        if (issue.pull_request) continue;
        const marker = parseMarker(issue.body ?? '');
        if (!marker) continue;
        out.push({
          key: marker.key,
          ref: `${full}#${issue.number}`,
          url: issue.html_url,
          open: issue.state === 'open',
          closedAt: providerInstant(issue.closed_at),
          state: marker.state,
          digest: marker.digest,
        });
      }
    }
    return out;
  }

  async open(target: TicketTarget, t: TicketContent): Promise<{ ref: string; url: string | null }> {
    const full = target.repo ?? this.opts.repo;
    const [owner, repo] = full.split('/') as [string, string];
    const body = renderMarkdown(t.body);
    const create = (c: Client, assignees: string[]) =>
      c.rest.issues.create({ owner, repo, title: t.title, body, labels: [...this.labels, `severity:${t.severity}`], assignees });
    const res = await this.call(`POST /repos/${full}/issues`, async (c) => {
      try {
        return await create(c, t.githubLogins);
      } catch (e) {
        // An owner's login that cannot be assigned (not a collaborator) must not stop the ticket.
        if ((e as { status?: number }).status === 422 && t.githubLogins.length) return create(c, []);
        throw e;
      }
    });
    // GitHub drops labels silently when the token may not set them; without
    // the label the issue could not be found again, so say so loudly.
    if (!res.data.labels.some((l) => (typeof l === 'string' ? l : l.name) === this.labels[0])) {
      throw new SinkCallError('github', `POST /repos/${full}/issues`, res.status, `${full}#${res.data.number} was opened without the label ${this.labels[0]}: the token needs Issues write access`);
    }
    return { ref: `${full}#${res.data.number}`, url: res.data.html_url };
  }

  async update(ref: string, t: TicketContent): Promise<void> {
    const r = splitRef(ref);
    await this.call(`PATCH /repos/${r.owner}/${r.repo}/issues/${r.issue_number}`, (c) =>
      c.rest.issues.update({ ...r, title: t.title, body: renderMarkdown(t.body) }),
    );
  }

  async comment(ref: string, _key: string, comment: Inline[]): Promise<void> {
    const r = splitRef(ref);
    await this.call(`POST /repos/${r.owner}/${r.repo}/issues/${r.issue_number}/comments`, (c) =>
      c.rest.issues.createComment({ ...r, body: markdownInline(comment) }),
    );
  }

  // The comment goes first and the state change last, together with the text
  // (and its marker): a failure in between is repeated by the next run, never
  // half-recorded as something a person did.
  async close(ref: string, t: TicketContent, comment: Inline[], reason: CloseReason): Promise<void> {
    await this.comment(ref, '', comment);
    const r = splitRef(ref);
    await this.call(`PATCH /repos/${r.owner}/${r.repo}/issues/${r.issue_number}`, (c) =>
      c.rest.issues.update({
        ...r,
        title: t.title,
        body: renderMarkdown(t.body),
        state: 'closed',
        state_reason: reason === 'resolved' ? 'completed' : 'not_planned',
      }),
    );
  }

  async reopen(ref: string, t: TicketContent, comment: Inline[]): Promise<void> {
    await this.comment(ref, '', comment);
    const r = splitRef(ref);
    await this.call(`PATCH /repos/${r.owner}/${r.repo}/issues/${r.issue_number}`, (c) =>
      c.rest.issues.update({ ...r, title: t.title, body: renderMarkdown(t.body), state: 'open', state_reason: 'reopened' }),
    );
  }
}

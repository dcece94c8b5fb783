// The sinks the config names, with credentials from the environment only:
// GITHUB_TOKEN; JIRA_EMAIL and JIRA_API_TOKEN; the webhook secret from the
// variable `tickets.webhook.secretEnv` names (DRIFTGRAPH_WEBHOOK_SECRET).
import type { SinkName, TicketsConfig } from '../config.js';
import type { Sink } from '../sink.js';
import { GithubSink } from './github.js';
import { JiraSink } from './jira.js';
import { WebhookSink } from './webhook.js';

export const DEFAULT_WEBHOOK_SECRET_ENV = 'DRIFTGRAPH_WEBHOOK_SECRET';

/** A sink that cannot be built (a missing credential): the others still run. */
export class SinkSetupError extends Error {
  constructor(
    readonly sink: SinkName,
    message: string,
  ) {
    super(`${sink}: ${message}`);
    this.name = 'SinkSetupError';
  }
}

export function createSink(name: SinkName, config: TicketsConfig, env: NodeJS.ProcessEnv): Sink {
  if (name === 'github') {
    const c = config.github!;
    const token = env.GITHUB_TOKEN;
    if (!token) throw new SinkSetupError('github', 'GITHUB_TOKEN is not set (a token that can write issues; see README, "Tickets")');
    return new GithubSink({ repo: c.repo, token, baseUrl: c.baseUrl, labels: c.labels, writeIntervalMs: c.writeIntervalMs });
  }
  if (name === 'jira') {
    const c = config.jira!;
    const email = env.JIRA_EMAIL;
    const apiToken = env.JIRA_API_TOKEN;
    if (!email || !apiToken) throw new SinkSetupError('jira', 'JIRA_EMAIL and JIRA_API_TOKEN must both be set');
    return new JiraSink({ url: c.url, email, apiToken, project: c.project, issueType: c.issueType, labels: c.labels, accounts: c.accounts, wontDoResolution: c.wontDoResolution });
  }
  const c = config.webhook!;
  const secretEnv = c.secretEnv ?? DEFAULT_WEBHOOK_SECRET_ENV;
  const secret = env[secretEnv];
  if (c.secretEnv && !secret) throw new SinkSetupError('webhook', `${secretEnv} is not set (tickets.webhook.secretEnv names it)`);
  return new WebhookSink({ url: c.url, format: c.format, secret: secret || undefined });
}

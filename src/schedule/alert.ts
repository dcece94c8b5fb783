// A failed job is also posted to the tickets webhook when one is configured
// (`tickets.webhook`), so a failure reaches people who do not read logs:
// a JSON event, or Slack's {text} for a Slack incoming webhook, signed like
// the ticket events (X-Driftgraph-Signature) when a secret is set. The errors
// are driftgraph's own messages (file and line, API and status), never a
// secret; provider values in them are escaped for Slack.
import { hostname } from 'node:os';
import type { Config } from '../config/schema.js';
import { httpCall, type HttpOptions } from '../tickets/http.js';
import { ticketsOf } from '../tickets/config.js';
import { isSlackWebhook, signature } from '../tickets/sinks/webhook.js';
import { DEFAULT_WEBHOOK_SECRET_ENV } from '../tickets/sinks/index.js';
import { escapeSlack } from '../tickets/render-slack.js';

export interface JobFailure {
  job: string;
  runId: string;
  trigger: string;
  exitCode: number;
  errors: string[];
  startedAt: string;
  endedAt: string;
}

/** True when the config has somewhere to post failures. */
export function hasFailureWebhook(config: Config): boolean {
  return ticketsOf(config)?.webhook !== undefined;
}

export async function postFailure(config: Config, failure: JobFailure, env: NodeJS.ProcessEnv = process.env, http?: HttpOptions): Promise<void> {
  const hook = ticketsOf(config)?.webhook;
  if (!hook) return;
  const format = hook.format ?? (isSlackWebhook(hook.url) ? 'slack' : 'json');
  const host = hostname();
  const payload =
    format === 'slack'
      ? {
          text:
            `driftgraph ${escapeSlack(failure.job)} failed on ${escapeSlack(host)} (exit ${failure.exitCode}, run ${failure.runId}):\n` +
            // In code spans, as the ticket messages do, so Slack links nothing in them.
            failure.errors.map((e) => '• `' + escapeSlack(e.replace(/[`\r\n]+/g, "'")) + '`').join('\n'),
        }
      : { event: 'job-failed', id: failure.runId, ...failure, host, sentAt: new Date().toISOString() };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-driftgraph-event': failure.runId };
  const secret = env[hook.secretEnv ?? DEFAULT_WEBHOOK_SECRET_ENV];
  // A secret the config names but the environment lacks is refused at start; never post unsigned instead.
  if (!secret && hook.secretEnv) throw new Error(`not posted: ${hook.secretEnv} (tickets.webhook.secretEnv) is not set, and the post would be unsigned`);
  if (secret) headers['x-driftgraph-signature'] = signature(secret, body);
  await httpCall('webhook', 'POST', hook.url, { headers, body }, http);
}

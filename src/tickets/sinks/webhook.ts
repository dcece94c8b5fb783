// A webhook: one JSON POST per ticket event (open, update, close, reopen, comment),
// signed with `X-Driftgraph-Signature: sha256=<hex HMAC of the body>` when a
// secret is configured. A Slack incoming webhook gets Slack's `{text}`.
// A webhook cannot be searched, so its state lives only on the findings;
// each event carries an id (`X-Driftgraph-Event`) a receiver can dedupe on.
import { createHash, createHmac } from 'node:crypto';
import { httpCall, type HttpOptions } from '../http.js';
import { renderSlack } from '../render-slack.js';
import { markerLine } from '../marker.js';
import { plain, type Inline } from '../ticket-doc.js';
import type { CloseReason, RemoteTicket, Sink, TicketContent, TicketTarget } from '../sink.js';

export interface WebhookSinkOptions {
  url: string;
  format?: 'json' | 'slack';
  /** The HMAC secret's value (read from the environment by the caller). */
  secret?: string;
  http?: HttpOptions;
}

export function isSlackWebhook(url: string): boolean {
  try {
    return new URL(url).hostname === 'hooks.slack.com';
  } catch {
    return false;
  }
}

export function signature(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

export class WebhookSink implements Sink {
  readonly name = 'webhook' as const;
  private readonly format: 'json' | 'slack';

  constructor(private readonly opts: WebhookSinkOptions) {
    this.format = opts.format ?? (isSlackWebhook(opts.url) ? 'slack' : 'json');
  }

  async find(_targets: TicketTarget[]): Promise<RemoteTicket[] | null> {
    return null;
  }

  private async post(event: 'open' | 'update' | 'close' | 'reopen', t: TicketContent, comment: Inline[] | null, reason?: CloseReason): Promise<void> {
    const id = createHash('sha256').update(`${t.key}\u0000${event}\u0000${t.state}\u0000${t.digest}`).digest('hex').slice(0, 24);
    let payload: unknown;
    if (this.format === 'slack') {
      const lead = comment ? [{ para: comment }] : [];
      payload = { text: renderSlack(`driftgraph ${event}: ${t.severity} finding ticket ${t.key}`, [...lead, ...t.body]) };
    } else {
      payload = {
        event,
        id,
        key: t.key,
        state: t.state,
        ...(reason ? { reason } : {}),
        title: t.title,
        severity: t.severity,
        comment: comment ? plain(comment) : null,
        marker: markerLine(t.key, t.state, t.digest),
        findings: t.findings,
        sentAt: new Date().toISOString(),
      };
    }
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-driftgraph-event': id };
    if (this.opts.secret) headers['x-driftgraph-signature'] = signature(this.opts.secret, body);
    await httpCall('webhook', 'POST', this.opts.url, { headers, body }, this.opts.http);
  }

  async open(_target: TicketTarget, t: TicketContent): Promise<{ ref: string; url: string | null }> {
    await this.post('open', t, null);
    return { ref: `webhook:${t.key}`, url: null };
  }

  async update(_ref: string, t: TicketContent): Promise<void> {
    await this.post('update', t, null);
  }

  async close(_ref: string, t: TicketContent, comment: Inline[], reason: CloseReason): Promise<void> {
    await this.post('close', t, comment, reason);
  }

  async reopen(_ref: string, t: TicketContent, comment: Inline[]): Promise<void> {
    await this.post('reopen', t, comment);
  }

  /** A comment event: `{event: "comment", id, key, comment, sentAt}` (Slack: its text), for the receiver to add to its ticket. */
  async comment(_ref: string, key: string, comment: Inline[]): Promise<void> {
    const text = plain(comment);
    const id = createHash('sha256').update(`${key}\u0000comment\u0000${text}`).digest('hex').slice(0, 24);
    const payload =
      this.format === 'slack'
        ? { text: renderSlack(`driftgraph comment on finding ticket ${key}`, [{ para: comment }]) }
        : { event: 'comment', id, key, comment: text, sentAt: new Date().toISOString() };
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-driftgraph-event': id };
    if (this.opts.secret) headers['x-driftgraph-signature'] = signature(this.opts.secret, body);
    await httpCall('webhook', 'POST', this.opts.url, { headers, body }, this.opts.http);
  }
}

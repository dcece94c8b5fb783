// Mail to reviewers through the report's SMTP settings (report.email: from,
// smtp; the password from DRIFTGRAPH_SMTP_PASSWORD only). The link in a
// mail is the reviewer's own: it is never logged and never stored.
import nodemailer from 'nodemailer';
import type { ReportEmailConfig } from '../config/schema.js';
import { UsageError } from '../util/errors.js';
import { escapeHtml } from '../util/escape.js';

export const SMTP_PASSWORD_ENV = 'DRIFTGRAPH_SMTP_PASSWORD';

export interface ReviewMail {
  to: string;
  subject: string;
  /** Paragraphs of plain text; `link` is shown as its own paragraph. */
  lines: string[];
  link?: string;
}

export class Mailer {
  private transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(
    private readonly cfg: ReportEmailConfig,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const password = env[SMTP_PASSWORD_ENV];
    if (cfg.smtp.user && !password) throw new UsageError(`report.email.smtp.user is set but ${SMTP_PASSWORD_ENV} is not: the SMTP password comes from the environment`);
    this.transport = nodemailer.createTransport({
      host: cfg.smtp.host,
      port: cfg.smtp.port,
      secure: cfg.smtp.secure,
      auth: cfg.smtp.user ? { user: cfg.smtp.user, pass: password } : undefined,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(m: ReviewMail): Promise<void> {
    const text = [...m.lines, ...(m.link ? [m.link] : [])].join('\n\n') + '\n';
    const html =
      m.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n') +
      (m.link ? `\n<p><a href="${escapeHtml(m.link)}">Open your review queue</a></p>` : '');
    try {
      await this.transport.sendMail({ from: this.cfg.from, to: m.to, subject: m.subject, text, html });
    } catch (e) {
      const err = e as { response?: string; command?: string; message?: string };
      // The server's reply says why; neither it nor this message holds the link.
      throw new Error(`mail to ${m.to} via ${this.cfg.smtp.host}:${this.cfg.smtp.port} failed${err.command ? ` at ${err.command}` : ''}: ${err.response ?? err.message ?? String(e)}`);
    }
  }

  close(): void {
    this.transport.close();
  }
}

// Mail to reviewers through the report's SMTP settings (report.email: from,
// smtp; the password from DRIFTGRAPH_SMTP_PASSWORD only). The link in a
// mail is the reviewer's own: it is never logged and never stored.
import type { Transporter } from 'nodemailer';
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
  private transport: Promise<Transporter> | null = null;

  constructor(
    private readonly cfg: ReportEmailConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    if (cfg.smtp.user && !env[SMTP_PASSWORD_ENV]) throw new UsageError(`report.email.smtp.user is set but ${SMTP_PASSWORD_ENV} is not: the SMTP password comes from the environment`);
  }

  /** nodemailer is loaded when a mail is sent, not by every command that could send one. */
  private connect(): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: this.cfg.smtp.host,
        port: this.cfg.smtp.port,
        secure: this.cfg.smtp.secure,
        auth: this.cfg.smtp.user ? { user: this.cfg.smtp.user, pass: this.env[SMTP_PASSWORD_ENV] } : undefined,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      }),
    );
    return this.transport;
  }

  async send(m: ReviewMail): Promise<void> {
    const text = [...m.lines, ...(m.link ? [m.link] : [])].join('\n\n') + '\n';
    const html =
      m.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n') +
      (m.link ? `\n<p><a href="${escapeHtml(m.link)}">Open your review queue</a></p>` : '');
    try {
      await (await this.connect()).sendMail({ from: this.cfg.from, to: m.to, subject: m.subject, text, html });
    } catch (e) {
      const err = e as { response?: string; command?: string; message?: string };
      // The server's reply says why; neither it nor this message holds the link.
      throw new Error(`mail to ${m.to} via ${this.cfg.smtp.host}:${this.cfg.smtp.port} failed${err.command ? ` at ${err.command}` : ''}: ${err.response ?? err.message ?? String(e)}`);
    }
  }

  close(): void {
    void this.transport?.then((t) => t.close());
  }
}

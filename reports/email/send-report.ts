// Sends the report over SMTP with nodemailer: the HTML with its charts as
// inline CID images, the open findings as a CSV attachment, Markdown as the
// plain-text part. Password from DRIFTGRAPH_SMTP_PASSWORD only. A refused
// send throws with the server's reply (the command line exits 1).
import type { ReportEmailConfig } from '../../src/config/schema.js';
import { UsageError } from '../../src/util/errors.js';

export const SMTP_PASSWORD_ENV = 'DRIFTGRAPH_SMTP_PASSWORD';

export interface ReportMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  images: { cid: string; filename: string; png: Buffer }[];
  /** The CSV attachment: its text, or the file that holds it (a large one is streamed from disk). */
  csv: { filename: string; content?: string; path?: string };
}

export class SendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendError';
  }
}

// nodemailer is loaded when a report is sent, not by every command that can send one.
export async function smtpTransport(cfg: ReportEmailConfig, env: NodeJS.ProcessEnv = process.env) {
  const password = env[SMTP_PASSWORD_ENV];
  if (cfg.smtp.user && !password) {
    throw new UsageError(`report.email.smtp.user is set but ${SMTP_PASSWORD_ENV} is not: the SMTP password comes from the environment`);
  }
  const { default: nodemailer } = await import('nodemailer');
  return nodemailer.createTransport({
    host: cfg.smtp.host,
    port: cfg.smtp.port,
    secure: cfg.smtp.secure,
    auth: cfg.smtp.user ? { user: cfg.smtp.user, pass: password } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** Sends one mail; returns the message id the server accepted. */
export async function sendReportMail(cfg: ReportEmailConfig, mail: ReportMail, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const transport = await smtpTransport(cfg, env);
  try {
    const info = await transport.sendMail({
      from: cfg.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      attachments: [
        ...mail.images.map((i) => ({ filename: i.filename, content: i.png, contentType: 'image/png', cid: i.cid, contentDisposition: 'inline' as const })),
        { filename: mail.csv.filename, ...(mail.csv.path ? { path: mail.csv.path } : { content: mail.csv.content ?? '' }), contentType: 'text/csv; charset=utf-8' },
      ],
    });
    return String(info.messageId);
  } catch (e) {
    const err = e as { response?: string; command?: string; code?: string; message?: string };
    // The server's reply says why; nodemailer's messages never hold the password.
    const reply = err.response ?? err.message ?? String(e);
    throw new SendError(
      `sending the report to ${mail.to.join(', ')} via ${cfg.smtp.host}:${cfg.smtp.port} failed` +
        `${err.command ? ` at ${err.command}` : ''}: ${reply}`,
    );
  } finally {
    transport.close();
  }
}

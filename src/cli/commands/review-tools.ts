// driftgraph review send|remind|report, and the `review` command itself.
// send and remind mail through report.email's SMTP settings; report writes
// the auditors' HTML and CSV.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cliStore, type GlobalOptions } from '../context.js';
import type { Config } from '../../config/schema.js';
import { UsageError } from '../../util/errors.js';
import { terminalSafe } from '../../util/escape.js';
import { Mailer } from '../../reviews/mail.js';
import { sendInvitations, sendReminders, type NotifyOptions, type NotifyResult } from '../../reviews/notify.js';
import { campaignReport, reportCsv, reportHtml } from '../../reviews/report.js';
import { syncReviews } from '../../reviews/sync.js';
import type { ReviewDesk } from '../../reviews/desk.js';
import { campaignOrFail, cliDesk, registerReviewCore } from './review.js';

function mailSetup(config: Config, desk: ReviewDesk): { mailer: Mailer; webUrl: string } {
  const email = config.report?.email;
  if (!email) throw new UsageError('mailing reviewers needs report.email (from, smtp) in the config: the review mails go through the same SMTP server as the report');
  const webUrl = desk.config.webUrl;
  if (!webUrl) throw new UsageError('mailing reviewers needs reviews.webUrl in the config: the address of the web view (driftgraph serve) as reviewers reach it');
  return { mailer: new Mailer(email), webUrl };
}

/** Sends or reminds with the store open read-only for managers' emails. */
async function withNotify(g: GlobalOptions, work: (o: NotifyOptions, desk: ReviewDesk) => Promise<NotifyResult>): Promise<number> {
  const { desk, config } = await cliDesk(g);
  const { mailer, webUrl } = mailSetup(config, desk);
  const store = await cliStore(g, config, true);
  try {
    const managerOf = async (email: string) => {
      const rows = await store.read('MATCH (p:Person {email: $e}) RETURN p.managerEmail AS m', { e: email.toLowerCase() });
      const m = rows[0]?.m;
      return typeof m === 'string' && m ? m.toLowerCase() : null;
    };
    const r = await work({ desk, mailer, webUrl, now: new Date().toISOString(), managerOf }, desk);
    for (const x of r.invited) process.stdout.write(`link sent to ${terminalSafe(x)}\n`);
    for (const x of r.reminded) process.stdout.write(`reminder sent to ${terminalSafe(x)}\n`);
    for (const x of r.escalated) process.stdout.write(`escalated ${terminalSafe(x.reviewer)} to ${terminalSafe(x.manager ?? '(no manager in HR)')}\n`);
    for (const x of r.failed) process.stderr.write(`driftgraph: ${terminalSafe(x)}\n`);
    return r.failed.length ? 1 : 0;
  } finally {
    mailer.close();
    await store.close();
  }
}

async function reportCommand(g: GlobalOptions, id: string, o: { out?: string }): Promise<number> {
  const { desk, config } = await cliDesk(g);
  const state = await campaignOrFail(desk, id);
  const store = await cliStore(g, config);
  let files: string[];
  try {
    const now = new Date().toISOString();
    await syncReviews(store, now);
    const r = await campaignReport(state, store, now);
    const out = resolve(o.out ?? join(desk.dir, id, 'report'));
    await mkdir(out, { recursive: true });
    files = [join(out, `${id}.html`), join(out, `${id}.csv`)];
    await writeFile(files[0]!, reportHtml(r));
    await writeFile(files[1]!, reportCsv(r));
  } finally {
    await store.close();
  }
  for (const f of files) process.stdout.write(`${f}\n`);
  return 0;
}

export function registerReview(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  const review = program.command('review').description('access reviews: owners and managers confirm what may stay; decisions feed revocation');
  registerReviewCore(review, program, run);
  review
    .command('send <campaign>')
    .description('mail each reviewer with open items their personal link')
    .option('--reviewer <email>', 'only this reviewer (a new link, e.g. when theirs expired)')
    .action(async (id: string, o: { reviewer?: string }) =>
      run(() => withNotify(g(program), async (n, desk) => sendInvitations(n, await campaignOrFail(desk, id), o.reviewer))),
    );
  review
    .command('remind <campaign>')
    .description('remind reviewers before the due date; after it, tell their managers')
    .action(async (id: string) => run(() => withNotify(g(program), async (n, desk) => sendReminders(n, await campaignOrFail(desk, id)))));
  review
    .command('report <campaign>')
    .description('the evidence for auditors: HTML and CSV of every item, decision, overdue item and revocation')
    .option('--out <dir>', 'where the files go (default: the campaign folder)')
    .action(async (id: string, o: { out?: string }) => run(() => reportCommand(program.opts(), id, o)));
}

const g = (program: Command): GlobalOptions => program.opts();

// The `reviews:` section of driftgraph.yaml: who answers when nobody else
// can, how long a "keep" holds, how long a reviewer's emailed link works,
// when reminders and escalations go out, and the campaigns the scheduler
// starts by itself (quarterly privileged access, yearly everything).
import { z } from '../bundled/zod.js';
import { validate as validCron } from 'node-cron';
import { cronProblem } from '../config/cron-fields.js';

export const SCOPES = ['privileged', 'nhi', 'all'] as const;
export type ReviewScope = (typeof SCOPES)[number];

const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'an email address');

const campaignDefinition = z
  .object({
    /** A short name: the campaign ids start with it (`quarterly-privileged-2027-01-05-...`). */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes'),
    scope: z.enum(SCOPES),
    /** Only identities of these sources (default: every source). */
    sources: z.array(z.string().min(1)).min(1).optional(),
    /** Days from the start to the due date (default 14). */
    dueDays: z.number().int().min(1).max(365).optional(),
    /** When the scheduler starts it: a cron expression, read in schedule.timezone. */
    cron: z.string().superRefine((v, ctx) => {
      if (!validCron(v)) ctx.addIssue({ code: 'custom', message: `not a cron expression: ${cronProblem(v) ?? 'does not read as 5 fields (minute hour day-of-month month weekday)'}` });
    }),
  })
  .strict();

export const reviewsConfigSchema = z
  .object({
    /** Who reviews an item whose owner or manager cannot be found (required to start a campaign that has such items). */
    fallbackReviewer: email.optional(),
    /** How long a "keep" holds when the reviewer gives no keepDays (default 90). */
    keepDays: z.number().int().min(1).max(730).optional(),
    /** Days from the start to the due date when --due is not given (default 14). */
    dueDays: z.number().int().min(1).max(365).optional(),
    /** How long an emailed link can be exchanged for a session (default 72 hours). */
    linkHours: z.number().positive().max(24 * 30).optional(),
    /** How long a reviewer's session lasts once the link was opened (default 12 hours). */
    sessionHours: z.number().positive().max(24 * 7).optional(),
    /** The web view's address as reviewers reach it, for the links in the emails (e.g. https://driftgraph.acme.example). */
    webUrl: z.url().optional(),
    /** Reminders go this many days before the due date (default [3, 1]). */
    remindDaysBefore: z.array(z.number().int().min(0).max(365)).optional(),
    /** After the due date, the reviewer's manager is asked to step in (default true). */
    escalate: z.boolean().optional(),
    /** An overdue item counts as a failed review: its access becomes a `review-revoked` finding (default false). */
    overdueFails: z.boolean().optional(),
    /** Where campaigns, items and decisions are kept (relative to the config file; default: reviews/ beside the store). */
    dir: z.string().min(1).optional(),
    /** Campaigns the scheduler starts (`driftgraph schedule`). */
    campaigns: z.array(campaignDefinition).optional(),
  })
  .strict();

export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
export type CampaignDefinition = z.infer<typeof campaignDefinition>;

/** `reviews:` as a section of driftgraph.yaml, handed to the config loader by the composition root. */
export const reviewsConfigSection = { source: 'reviews', configSchema: reviewsConfigSchema as z.ZodType<unknown> };

export const reviewsOf = (config: Record<string, unknown>): ReviewsConfig => (config.reviews as ReviewsConfig | undefined) ?? {};

export const DEFAULT_KEEP_DAYS = 90;
export const DEFAULT_DUE_DAYS = 14;
export const DEFAULT_LINK_HOURS = 72;
export const DEFAULT_SESSION_HOURS = 12;
export const DEFAULT_REMIND_DAYS = [3, 1];

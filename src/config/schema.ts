// driftgraph.yaml: validated, with errors that name the key. Secrets never
// live here: they come from the environment (NEO4J_PASSWORD, GITHUB_TOKEN, ...).
import { z } from '../bundled/zod.js';
import { validate as validCron } from 'node-cron';
import { cronProblem } from './cron-fields.js';

const ruleOverride = z
  .object({
    enabled: z.boolean().optional(),
    severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  })
  .catchall(z.number());

// Five fields, or six with seconds first ("*/10 * * * * *"), as node-cron reads
// them; the error names the field that is wrong.
const cronExpression = z.string().superRefine((v, ctx) => {
  if (validCron(v)) return;
  const why = cronProblem(v) ?? 'does not read as 5 fields (minute hour day-of-month month weekday), or 6 with seconds first';
  ctx.addIssue({ code: 'custom', message: `not a cron expression: ${why}` });
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const scheduleSchema = z
  .object({
    /** IANA time zone the cron expressions are read in; default the machine's. */
    timezone: z.string().refine(isTimeZone, { message: 'not an IANA time zone (e.g. UTC, Europe/Berlin)' }).optional(),
    /** Neo4j only: how long a scheduler's lease lasts without renewal. */
    leaseSeconds: z.number().int().min(10).optional(),
    scan: z
      .object({
        enabled: z.boolean().optional(),
        cron: cronExpression.optional(),
        /** Scan this snapshot folder instead of collecting live. */
        from: z.string().optional(),
        /** Live: the sources to collect (or read from exportsDir); with `from`: only these. */
        sources: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    /** Tickets run after each scan. */
    tickets: z.object({ enabled: z.boolean().optional() }).strict().optional(),
    /** Revocation runs after each scan (before tickets), within the `revocation` policy: plan only unless `apply: true`. */
    revoke: z.object({ enabled: z.boolean().optional(), apply: z.boolean().optional() }).strict().optional(),
    report: z
      .object({
        enabled: z.boolean().optional(),
        cron: cronExpression.optional(),
        /** Where the report is written. */
        out: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ScheduleSection = z.infer<typeof scheduleSchema>;

const reportEmailSchema = z
  .object({
    /** An address, optionally with a display name: `Driftgraph <driftgraph@acme.example>`. */
    from: z.string().regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'an email address, or "Name <address>"'),
    to: z.array(z.email()).min(1),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
        secure: z.boolean(),
        /** The SMTP user; the password comes from DRIFTGRAPH_SMTP_PASSWORD, never from here. */
        user: z.string().optional(),
      })
      .strict(),
    /** Also one mail per owner team with only its findings: team entity ref -> recipients. */
    perTeam: z.record(z.string(), z.array(z.email()).min(1)).optional(),
  })
  .strict();

const reportSchema = z
  .object({
    /** Where the report files go, relative to the config file (default .driftgraph/reports). */
    out: z.string().optional(),
    email: reportEmailSchema.optional(),
  })
  .strict();

export type ReportConfig = z.infer<typeof reportSchema>;
export type ReportEmailConfig = z.infer<typeof reportEmailSchema>;

const analystLimitsSchema = z
  .object({
    /** Seconds a query may run before it is stopped (fractions allowed; at most a day). */
    timeoutSeconds: z.number().positive().max(86_400).optional(),
    /** Rows a query may return; past it the rest are not read. */
    maxRows: z.number().int().positive().max(10_000_000).optional(),
  })
  .strict();

/** The keys that belong to no one source. Each source adds its own section (see configSchemaFor). */
export const coreConfigSchema = z
  .object({
    /** Where the embedded store lives (overridden by --db). */
    db: z.string().optional(),
    neo4j: z
      .object({
        uri: z.string().optional(),
        user: z.string().optional(),
        database: z.string().optional(),
      })
      .strict()
      .optional(),
    links: z
      .object({
        /** Manual account -> person links: {source, container?, account, person (email or employee id)} */
        manual: z
          .array(
            z
              .object({
                source: z.string(),
                container: z.string().optional(),
                account: z.string(),
                person: z.string(),
              })
              .strict(),
          )
          .optional(),
        /** Accounts declared bots or services: never unlinked-account findings. */
        bots: z
          .array(z.object({ source: z.string(), container: z.string().optional(), account: z.string() }).strict())
          .optional(),
      })
      .strict()
      .optional(),
    // The former top-level `privilegedGroups` is `scim.privilegedGroups` and
    // `scim.apps.<app>.privilegedGroups` now (connectors/scim/config.ts).
    /** Per-rule thresholds and switches: {stale-credential: {staleDays: 60}}. */
    rules: z.record(z.string(), ruleOverride).optional(),
    /** A folder of the team's own rule files, added to the built-in ones (relative to the config file; --rules wins). */
    rulesDir: z.string().min(1).optional(),
    exceptionsFile: z.string().optional(),
    /** The weekly drift report: where its files go and whom it is mailed to. */
    report: reportSchema.optional(),
    /** A load that would remove more than this share of a container's live records fails that container (default 0.5). */
    maxRemovalShare: z.number().min(0).max(1).optional(),
    /** In event logs (sign-ins, CloudTrail, audit logs), the share of unreadable events skipped before the source fails (default 0.01). */
    maxBadEventShare: z.number().min(0).max(1).optional(),
    /** How far ahead an exception may expire (days from the scan's now; default 365). */
    exceptions: z.object({ maxDays: z.number().int().positive() }).strict().optional(),
    /**
     * What an analyst's query may take (docs/command-line.md, docs/web.md):
     * `query` for `driftgraph query` (default 300 s, 100,000 rows), `console`
     * for the web view's Cypher console (default 30 s, 2,000 rows). driftgraph's
     * own work (scan, rules, report, tickets) is not bound by these.
     */
    analystQueries: z
      .object({
        query: analystLimitsSchema.optional(),
        console: analystLimitsSchema.optional(),
      })
      .strict()
      .optional(),
    /** How long to wait for another process's lock on the embedded store. */
    lockWaitSeconds: z.number().nonnegative().optional(),
    /** The embedded store's file (docs/store-file.md). */
    store: z
      .object({
        /**
         * After a scan, compact the file when it is more than this many times
         * its size after the last compaction (default 2.5); false: never.
         */
        compactAbove: z.union([z.number().min(1), z.literal(false)]).optional(),
      })
      .strict()
      .optional(),
    /** `driftgraph schedule`: which jobs run when (docs/scheduler.md). */
    schedule: scheduleSchema.optional(),
    /** Snapshots a live scan collects: where they go and how long they stay. */
    snapshots: z
      .object({
        dir: z.string().optional(),
        keepDays: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
    /**
     * The data a team's estate does not have at all (`absent: [catalog]`): the
     * rules that need it run anyway, and their findings say what they could
     * not know. Without this, a rule whose source never loaded is not run.
     */
    sources: z.object({ absent: z.array(z.string().min(1)).optional() }).strict().optional(),
    /** `report`, the email, the web view and `tickets` warn when the latest scan is older than this (default 36). */
    staleAfterHours: z.number().nonnegative().optional(),
    /** Where HR, the device inventory (and optionally the catalog) drop their exports, one folder per source. */
    exportsDir: z.string().optional(),
    /** An export older than this fails its source for the scan: nothing of it resolves. */
    exportsMaxAgeHours: z.number().positive().optional(),
  })
  .strict();

/**
 * A section of driftgraph.yaml owned by one part of driftgraph: a source's
 * (`aws:`, declared by its connector) or the tickets' (`tickets:`). The
 * composition root (src/cli/registry.ts) hands them in.
 */
export interface ConfigSection {
  /** The section's top-level key: the source's name, or `tickets`. */
  source: string;
  configSchema?: z.ZodType<unknown>;
}

/**
 * The whole driftgraph.yaml: the core keys plus one section per source (and
 * tickets), each validated by the schema its owner declares (so a typo in
 * `aws:` is an error naming `aws.<key>`). A source with no schema takes no section.
 */
export function configSchemaFor(sections: readonly ConfigSection[]) {
  const shape: Record<string, z.ZodType<unknown>> = { ...coreConfigSchema.shape };
  for (const c of sections) if (c.configSchema) shape[c.source] = c.configSchema.optional();
  return z.object(shape).strict();
}

export type CoreConfig = z.infer<typeof coreConfigSchema>;
/** The core keys, typed, and each source's section (validated by its connector, read by it alone). */
export type Config = CoreConfig & { [source: string]: unknown };

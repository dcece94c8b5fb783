// driftgraph.yaml: validated, with errors that name the key. Secrets never
// live here: they come from the environment (NEO4J_PASSWORD, GITHUB_TOKEN, ...).
import { z } from 'zod';
import { ticketsConfigSchema } from '../tickets/config.js';

const ruleOverride = z
  .object({
    enabled: z.boolean().optional(),
    severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  })
  .catchall(z.number());

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
    exceptionsFile: z.string().optional(),
    /** A load that would remove more than this share of a container's live records fails that container (default 0.5). */
    maxRemovalShare: z.number().min(0).max(1).optional(),
    /** How far ahead an exception may expire (days from the scan's now; default 365). */
    exceptions: z.object({ maxDays: z.number().int().positive() }).strict().optional(),
    /** How long to wait for another process's lock on the embedded store. */
    lockWaitSeconds: z.number().nonnegative().optional(),
    /** Remediation tickets: sinks and routes (see README, "Tickets"). */
    tickets: ticketsConfigSchema.optional(),
  })
  .strict();

/**
 * The whole driftgraph.yaml: the core keys plus one section per source, each
 * validated by the schema its connector declares (so a typo in `aws:` is an
 * error naming `aws.<key>`). A source with no schema takes no section.
 */
export function configSchemaFor(sections: readonly { source: string; configSchema?: z.ZodType<unknown> }[]) {
  const shape: Record<string, z.ZodType<unknown>> = { ...coreConfigSchema.shape };
  for (const c of sections) if (c.configSchema) shape[c.source] = c.configSchema.optional();
  return z.object(shape).strict();
}

export type CoreConfig = z.infer<typeof coreConfigSchema>;
/** The core keys, typed, and each source's section (validated by its connector, read by it alone). */
export type Config = CoreConfig & { [source: string]: unknown };

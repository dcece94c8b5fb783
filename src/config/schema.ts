// driftgraph.yaml: validated, with errors that name the key. Secrets never
// live here: they come from the environment (NEO4J_PASSWORD, GITHUB_TOKEN, ...).
import { z } from 'zod';

const ruleOverride = z
  .object({
    enabled: z.boolean().optional(),
    severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  })
  .catchall(z.number());

export const configSchema = z
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
    hr: z
      .object({
        /** Our column name -> the export's header, e.g. {employee_id: "Worker ID"}. */
        columns: z.record(z.string(), z.string()).optional(),
        eventColumns: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    aws: z
      .object({
        /** Role ARNs to assume, one per account; without any, the default credentials' account. */
        assumeRoles: z.array(z.string()).optional(),
        /** Discover member accounts through AWS Organizations and assume this role name in each. */
        organizations: z
          .object({ roleName: z.string(), includeManagementAccount: z.boolean().optional() })
          .strict()
          .optional(),
        region: z.string().optional(),
        concurrency: z.number().int().positive().optional(),
        externalId: z.string().optional(),
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
    // Sections of sources written against the connector contract: each
    // connector's own configSchema validates its section when it loads or
    // collects. (The former top-level `privilegedGroups` lives in `scim` now.)
    scim: z.record(z.string(), z.unknown()).optional(),
    okta: z.record(z.string(), z.unknown()).optional(),
    devices: z.record(z.string(), z.unknown()).optional(),
    /** Per-rule thresholds and switches: {stale-credential: {staleDays: 60}}. */
    rules: z.record(z.string(), ruleOverride).optional(),
    exceptionsFile: z.string().optional(),
    /** How long to wait for another process's lock on the embedded store. */
    lockWaitSeconds: z.number().nonnegative().optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
